package io.vikingfs.junit;

import io.vikingfs.VikingFs;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Turns a {@link CrashTest} method and its class's {@link AfterCrash} methods into a {@link CrashTester}. */
final class AnnotatedCrashTest {
    private AnnotatedCrashTest() {
    }

    static CrashTester tester(Method method, Object target, List<Object> resolved, CrashTest annotation,
                              ExtensionContext context) {
        List<Method> checks = checks(target.getClass(), method.getName());
        if (checks.isEmpty()) {
            throw new ExtensionConfigurationException("@CrashTest " + method.getName() + " has nothing to check: add a"
                    + " method annotated @AfterCrash to " + target.getClass().getSimpleName()
                    + " taking (VikingFs recovered[, CrashContext crash])");
        }
        Object[] args = resolved.toArray();
        Class<?>[] types = method.getParameterTypes();
        String name = target.getClass().getSimpleName() + "#" + method.getName();
        CrashTester tester = CrashTester.of((fs, checkpoints) -> {
            Object[] call = args.clone();
            for (int i = 0; i < types.length; i++) {
                if (types[i] == VikingFs.class) {
                    call[i] = fs;
                } else if (types[i] == Checkpoints.class) {
                    call[i] = checkpoints;
                }
            }
            invoke(method, target, call);
        });
        for (Method check : checks) {
            tester.check("@AfterCrash " + check.getName(),
                    (recovered, crash) -> invoke(check, target, checkArguments(check, recovered, crash)));
        }
        tester.name(name).replayHint("-Dvikingfs.crash.replay=%1$s -Dtest='" + target.getClass().getName() + "#"
                + method.getName() + "' (or @CrashTest(replay = \"%1$s\"))");
        Optional<StoreContent> content = AnnotationSupport.findAnnotation(method, StoreContent.class)
                .or(() -> AnnotationSupport.findAnnotation(target.getClass(), StoreContent.class));
        content.ifPresent(c -> tester.setup(fs -> ResourceFolder.copy(target.getClass().getClassLoader(), c.value(), fs)));
        AnnotationSupport.findAnnotation(method, InjectFaults.class)
                .or(() -> AnnotationSupport.findAnnotation(target.getClass(), InjectFaults.class))
                .ifPresent(f -> tester.faults(VikingFsExtension.toFaults(f)));
        CrashModel[] models = annotation.models();
        if (models.length == 0) {
            throw new ExtensionConfigurationException("@CrashTest " + name + ": models must name at least one model");
        }
        tester.models(models[0], Arrays.copyOfRange(models, 1, models.length));
        if (annotation.maxStates() > 0) {
            tester.maxStates(annotation.maxStates());
        }
        if (!annotation.seed().isEmpty()) {
            try {
                tester.seed(Long.parseLong(annotation.seed()));
            } catch (NumberFormatException e) {
                throw new ExtensionConfigurationException("@CrashTest " + name + ": seed must be a number: got '"
                        + annotation.seed() + "'", e);
            }
        }
        String replay = !annotation.replay().isEmpty() ? annotation.replay()
                : context.getConfigurationParameter("vikingfs.crash.replay").orElse("");
        if (!replay.isEmpty()) {
            tester.replay(replay);
        }
        return tester;
    }

    /** The {@link AfterCrash} methods of the class (and its superclasses) that check {@code crashTest}. */
    private static List<Method> checks(Class<?> type, String crashTest) {
        List<Method> out = new ArrayList<>();
        for (Method m : AnnotationSupport.findAnnotatedMethods(type, AfterCrash.class, HierarchyTraversalMode.TOP_DOWN)) {
            String[] only = m.getAnnotation(AfterCrash.class).value();
            if (only.length == 0 || Arrays.asList(only).contains(crashTest)) {
                out.add(m);
            }
        }
        return out;
    }

    private static Object[] checkArguments(Method check, VikingFs recovered, CrashContext crash) {
        Class<?>[] types = check.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            if (types[i] == VikingFs.class) {
                args[i] = recovered;
            } else if (types[i] == CrashContext.class) {
                args[i] = crash;
            } else {
                throw new ExtensionConfigurationException("@AfterCrash " + check.getName() + ": parameter " + (i + 1)
                        + " is a " + types[i].getSimpleName() + "; an @AfterCrash method takes VikingFs and CrashContext");
            }
        }
        return args;
    }

    private static void invoke(Method m, Object target, Object[] args) throws Exception {
        try {
            m.setAccessible(true);
            m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof Exception ex) {
                throw ex;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
