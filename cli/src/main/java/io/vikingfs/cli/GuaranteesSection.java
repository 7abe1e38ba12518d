package io.vikingfs.cli;

import io.vikingfs.Capabilities;
import io.vikingfs.VikingFs;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The "Guarantees" section of the help of {@code append}, {@code put}, {@code mv} and {@code switch}: with
 * {@code --fs} it opens that store (as any command would, recovery included) and states what its
 * {@code capabilities()} guarantee; without it, every guarantee with the capability it rests on.
 */
final class GuaranteesSection implements CommandLine.IHelpSectionRenderer {
    static final String KEY = "guarantees";

    private final Main main;
    private final String command;

    private GuaranteesSection(Main main, String command) {
        this.main = main;
        this.command = command;
    }

    /** Adds the section to each command that has guarantees, right after its description. */
    static void install(CommandLine root, Main main) {
        for (String name : Guarantees.commands()) {
            CommandLine sub = root.getSubcommands().get(name);
            sub.getHelpSectionMap().put(KEY, new GuaranteesSection(main, name));
            List<String> keys = new ArrayList<>(sub.getHelpSectionKeys());
            keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST_HEADING), KEY);
            sub.setHelpSectionKeys(keys);
        }
    }

    @Override
    public String render(Help help) {
        int width = help.commandSpec().usageMessage().width();
        if (!main.storeGiven()) {
            return text("Guarantees (on every store, except where a capability is named; 'vikingfs --fs URI "
                    + command + " --help' states those of one store):", Guarantees.forAnyStore(command), width);
        }
        URI uri;
        Capabilities capabilities;
        try (VikingFs fs = main.openStore()) {
            uri = fs.uri();
            capabilities = fs.capabilities();
        } catch (IOException | RuntimeException e) {
            return text("Guarantees: the store " + main.storeArgument() + " could not be opened to read its "
                    + "capabilities (" + ErrorLine.of(e).message() + "); on every store, except where a "
                    + "capability is named:", Guarantees.forAnyStore(command), width);
        }
        return text("Guarantees on " + uri + " (it declares " + capabilities.asSet() + "):",
                Guarantees.forStore(command, capabilities), width);
    }

    private static String text(String heading, List<String> sentences, int width) {
        StringBuilder out = new StringBuilder("\n");
        wrap(out, heading, "", "", width);
        for (String s : sentences) {
            wrap(out, s, "  - ", "    ", width);
        }
        return out.append('\n').toString();
    }

    /** Appends {@code text} wrapped at {@code width} columns, the first line after {@code first}. */
    private static void wrap(StringBuilder out, String text, String first, String rest, int width) {
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : text.split(" ")) {
            if (!empty && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line = new StringBuilder(rest);
                empty = true;
            }
            line.append(empty ? "" : " ").append(word);
            empty = false;
        }
        out.append(line).append('\n');
    }
}
