package io.vikingfs.junit;

import io.vikingfs.VikingFs;
import io.vikingfs.memory.Faults;
import io.vikingfs.memory.MemoryVikingFs;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The JUnit 5 extension ({@code @ExtendWith(VikingFsExtension.class)} or {@link VikingFsTest}).
 *
 * <ul>
 *   <li><b>Stores.</b> A {@code VikingFs} or {@code MemoryVikingFs} parameter (of a test, a lifecycle method or a
 *       constructor) receives an in-memory store of its own per test — the same one for every parameter of that
 *       test and its {@code @BeforeEach}/{@code @AfterEach} — closed when the test ends. {@link StoreContent} fills
 *       it first; {@link InjectFaults} makes its disk fail.</li>
 *   <li><b>Crash tests.</b> A {@link CrashTest} method is run as a {@link CrashTester} workload, its class's
 *       {@link AfterCrash} methods as the check.</li>
 * </ul>
 * Nothing is shared between tests: parallel execution ({@code junit.jupiter.execution.parallel.enabled}) is safe as
 * long as the tests' own fields are (with {@code PER_CLASS} instances, {@code AfterCrash} methods run while other
 * tests of the instance do).
 */
public final class VikingFsExtension implements ParameterResolver, InvocationInterceptor {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(VikingFsExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (isCrashTest(parameter.getDeclaringExecutable())) {
            return type == VikingFs.class || type == MemoryVikingFs.class || type == Checkpoints.class;
        }
        return type == VikingFs.class || type == MemoryVikingFs.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Executable executable = parameter.getDeclaringExecutable();
        if (isCrashTest(executable)) {
            if (parameter.getParameter().getType() == MemoryVikingFs.class) {
                throw new ParameterResolutionException("@CrashTest " + executable.getName() + ": declare the store as"
                        + " VikingFs, not MemoryVikingFs — the workload's calls are recorded through that handle");
            }
            return null; // replaced by the recorded store and checkpoints of each run (see interceptTestMethod)
        }
        Optional<InjectFaults> faults = nearest(parameter, context, InjectFaults.class);
        Optional<StoreContent> content = nearest(parameter, context, StoreContent.class);
        if (faults.isPresent() && content.isPresent()) {
            // The fill's own writes and flushes would count towards the faults and fail before the test starts.
            throw new ParameterResolutionException("@InjectFaults and @StoreContent on one store are not supported:"
                    + " write the content in the test itself, counting its flushes and writes in the faults");
        }
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("store", k -> {
            try {
                MemoryVikingFs fs = faults.isPresent() ? MemoryVikingFs.create(toFaults(faults.get()))
                        : MemoryVikingFs.create();
                if (content.isPresent()) {
                    ResourceFolder.copy(loader(context), content.get().value(), fs);
                }
                return fs; // AutoCloseable: JUnit closes it when the test's context ends
            } catch (IOException e) {
                throw new UncheckedIOException("creating the test's in-memory store failed", e);
            }
        }, MemoryVikingFs.class);
    }

    /** The annotation as {@link Faults}: each attribute left at its default injects nothing. */
    static Faults toFaults(InjectFaults a) {
        Faults f = Faults.none();
        if (a.failFlush() > 0) {
            f = f.and(Faults.failFlush(a.failFlush()));
        }
        if (a.diskFullAfterBytes() >= 0) {
            f = f.and(Faults.diskFullAfter(a.diskFullAfterBytes()));
        }
        if (a.shortWrite() > 0) {
            f = f.and(Faults.shortWrite(a.shortWrite(), a.shortWriteBytes()));
        }
        return f;
    }

    private static <A extends java.lang.annotation.Annotation> Optional<A> nearest(ParameterContext parameter,
                                                                                ExtensionContext context, Class<A> type) {
        Optional<A> a = parameter.findAnnotation(type);
        if (a.isEmpty()) {
            // The test method's, even when a @BeforeEach asks first: its store is the test's store.
            a = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, type));
        }
        if (a.isEmpty()) {
            a = AnnotationSupport.findAnnotation(parameter.getDeclaringExecutable(), type);
        }
        if (a.isEmpty()) {
            a = context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, type));
        }
        return a;
    }

    private static ClassLoader loader(ExtensionContext context) {
        return context.getTestClass().map(Class::getClassLoader).orElse(VikingFsExtension.class.getClassLoader());
    }

    private static boolean isCrashTest(AnnotatedElement e) {
        return AnnotationSupport.isAnnotated(e, CrashTest.class);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        Method method = invocationContext.getExecutable();
        Optional<CrashTest> crashTest = AnnotationSupport.findAnnotation(method, CrashTest.class);
        if (crashTest.isEmpty()) {
            invocation.proceed();
            return;
        }
        invocation.skip(); // the method runs as the workload, through CrashTester, as many times as needed
        Object target = invocationContext.getTarget().orElseThrow(() -> new ExtensionConfigurationException(
                "@CrashTest " + method.getName() + " must be an instance method"));
        CrashTester tester = AnnotatedCrashTest.tester(method, target, invocationContext.getArguments(),
                crashTest.get(), context);
        CrashTestResult result;
        try {
            result = tester.run();
        } catch (CrashTestFailure f) {
            if (f.result() != null) {
                context.publishReportEntry("vikingfs.crash", f.result().summary());
            }
            throw f;
        }
        context.publishReportEntry("vikingfs.crash", result.summary());
    }
}
