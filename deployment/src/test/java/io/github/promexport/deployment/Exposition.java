package io.github.promexport.deployment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.quarkus.runtime.configuration.ConfigurationException;

/** Small helpers to read an exposition body and a failed start-up in assertions. */
final class Exposition {

    private Exposition() {
    }

    /** The metric family names declared by {@code # TYPE} lines, in order. */
    static Set<String> families(String body) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                names.add(line.split(" ")[2]);
            }
        }
        return names;
    }

    /** The sample lines (everything that is not a comment or blank). */
    static List<String> samples(String body) {
        List<String> samples = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(line);
            }
        }
        return samples;
    }

    /** The first {@link ConfigurationException} in the cause chain, or the messages of the whole chain. */
    static String configurationFailure(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException) {
                return t.getMessage();
            }
            chain.append(t).append(" <- ");
        }
        throw new AssertionError("No ConfigurationException in " + chain, failure);
    }

    /** The messages of the whole cause chain, including suppressed exceptions, joined. */
    static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        append(failure, all);
        return all.toString();
    }

    private static void append(Throwable t, StringBuilder all) {
        for (; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                append(suppressed, all);
            }
        }
    }
}
