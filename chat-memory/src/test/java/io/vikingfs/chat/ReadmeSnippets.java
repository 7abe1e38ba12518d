package io.vikingfs.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps a README example and the test that runs it the same code. */
public final class ReadmeSnippets {
    private ReadmeSnippets() {
    }

    /**
     * Asserts that the lines between {@code // README-BEGIN} and {@code // README-END} of {@code testSource}
     * (relative to the module), de-indented, appear in the project's README.md as they are.
     */
    public static void assertInReadme(String testSource) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(testSource), StandardCharsets.UTF_8);
        int begin = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals("// README-BEGIN")) {
                begin = i + 1;
            } else if (lines.get(i).trim().equals("// README-END")) {
                end = i;
            }
        }
        assertThat(begin).as("README-BEGIN marker in " + testSource).isPositive();
        assertThat(end).as("README-END marker in " + testSource).isGreaterThan(begin);
        int indent = lines.get(begin).length() - lines.get(begin).stripLeading().length();
        List<String> snippet = new ArrayList<>();
        for (String line : lines.subList(begin, end)) {
            snippet.add(line.length() >= indent ? line.substring(indent) : line.strip());
        }
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        assertThat(readme).as("README.md shows the code of " + testSource).contains(String.join("\n", snippet));
    }
}
