package io.vikingfs.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project carries its own contract: docs/contract.md names every invariant id the crash checker reports,
 * docs/field-cases.md names tests that exist, and no file points at documents outside the repository (a user who
 * clones or depends on the project has only what is in it).
 */
class ProjectDocsTest {
    private static Path root;

    @BeforeAll
    static void findRoot() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("docs/contract.md"))
                && Files.isRegularFile(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (a folder with pom.xml and docs/contract.md) above %s",
                Paths.get("").toAbsolutePath()).isNotNull();
        root = dir;
    }

    @Test
    void noFileCitesDocumentsOutsideTheRepository() throws IOException {
        // Spelled in pieces so this file does not match itself.
        List<String> banned = List.of(".." + "/shared", "DESIGN" + ".md", "FIELD" + "-CASES");
        List<String> offenders = new ArrayList<>();
        for (Path file : projectFiles()) {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            for (String b : banned) {
                if (text.contains(b)) {
                    offenders.add(root.relativize(file) + " cites " + b);
                }
            }
        }
        assertThat(offenders).as("cite docs/contract.md or docs/field-cases.md instead").isEmpty();
    }

    @Test
    void contractNamesEveryInvariantIdTheCrashCheckerReports() throws IOException {
        // A report message starts with its id: "A1 log …", "W4/D3 leftovers …", "CALL"; the checker also returns
        // bare ids ("D2") from the function that names a broken value.
        Pattern id = Pattern.compile("\"((?:[AWRDGS][0-9](?:/[AWRDGS][0-9])?)|CALL)[ \"]");
        Set<String> reported = new TreeSet<>();
        Path crash = root.resolve("conformance-tests/src/main/java/io/vikingfs/conformance/crash");
        try (Stream<Path> files = Files.list(crash)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = id.matcher(Files.readString(f));
                while (m.find()) {
                    reported.add(m.group(1));
                }
            }
        }
        assertThat(reported).as("ids found in the checker's sources").contains("A1", "A4", "W4/D3", "S1", "CALL");
        String contract = Files.readString(root.resolve("docs/contract.md"));
        List<String> missing = reported.stream().filter(i -> !contract.contains("**" + i)).toList();
        assertThat(missing).as("invariant ids the checker reports but docs/contract.md §4 does not define").isEmpty();
    }

    @Test
    void fieldCasesNameTestsAndWorkloadsThatExist() throws IOException {
        String cases = Files.readString(root.resolve("docs/field-cases.md"));
        StringBuilder sources = new StringBuilder();
        for (Path f : projectFiles()) {
            if (f.toString().endsWith(".java")) {
                sources.append(Files.readString(f)).append('\n');
            }
        }
        String all = sources.toString();
        List<String> missing = new ArrayList<>();
        Matcher ref = Pattern.compile("`([A-Z][A-Za-z0-9]+)\\.([a-z][A-Za-z0-9_]+)`").matcher(cases);
        int refs = 0;
        while (ref.find()) {
            refs++;
            boolean classExists = all.contains("class " + ref.group(1) + " ") || all.contains("class " + ref.group(1) + "<");
            boolean methodExists = Pattern.compile("\\b" + Pattern.quote(ref.group(2)) + "\\(").matcher(all).find();
            if (!classExists || !methodExists) {
                missing.add(ref.group(0));
            }
        }
        Matcher workload = Pattern.compile("`(field-[a-z0-9-]+)`").matcher(cases);
        int workloads = 0;
        while (workload.find()) {
            workloads++;
            if (!all.contains("\"" + workload.group(1) + "\"")) {
                missing.add(workload.group(0));
            }
        }
        assertThat(refs).as("test references in docs/field-cases.md").isGreaterThan(20);
        assertThat(workloads).as("crash workloads named in docs/field-cases.md").isGreaterThan(5);
        assertThat(missing).as("names in docs/field-cases.md with no test or workload behind them").isEmpty();
    }

    /** The project's text files: sources, poms, docs, scripts — not build output or version control. */
    private static List<Path> projectFiles() throws IOException {
        Set<String> skip = Set.of("target", ".git", "node_modules", ".idea", "vikingfs-data");
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        for (Path part : root.relativize(p)) {
                            if (skip.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .filter(p -> p.toString().matches(".*\\.(java|md|xml|properties|sh|json|txt|yml|yaml)$")
                            || p.getFileName().toString().equals("run"))
                    .forEach(out::add);
        }
        return out;
    }
}
