package io.github.promexport.runtime.exporter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * An inclusive range of TCP ports, written {@code first-last}.
 */
public record PortRange(int first, int last) {

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d{1,5})\\s*-\\s*(\\d{1,5})\\s*");

    /**
     * Parses a range from the configuration; {@code key} names the property in error messages.
     */
    public static PortRange parse(String key, String value) {
        Matcher matcher = value == null ? null : FORMAT.matcher(value);
        if (matcher == null || !matcher.matches()) {
            throw invalid(key, value, "write it as first-last, two ports joined by '-'");
        }
        int first = Integer.parseInt(matcher.group(1));
        int last = Integer.parseInt(matcher.group(2));
        if (first < 1 || first > 65535 || last < 1 || last > 65535) {
            throw invalid(key, value, "ports must be between 1 and 65535");
        }
        if (first > last) {
            throw new ConfigurationException(key + ": \"" + value + "\" is not a valid range: the first port must not be"
                    + " greater than the last. Example: " + last + "-" + first, Set.of(key));
        }
        return new PortRange(first, last);
    }

    private static ConfigurationException invalid(String key, String value, String why) {
        return new ConfigurationException(key + ": \"" + value + "\" is not a valid range: " + why + ". Example: 9400-9450",
                Set.of(key));
    }

    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>(last - first + 1);
        for (int port = first; port <= last; port++) {
            ports.add(port);
        }
        return ports;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
