package io.github.promexport.runtime.config;

import java.util.Set;
import java.util.regex.Pattern;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Validates every key that holds a path ({@code quarkus.prometheus.path} at build time,
 * {@code quarkus.prometheus.export.path} at startup): one syntax and one message style, the key, the value, why
 * it is rejected and an example. A key's own rules (the main route must not be {@code /}, the exporter's path must
 * not be its health check) are checked by its owner and reported through {@link #invalid}.
 */
public final class PathValidator {

    private static final String SEGMENT = "[A-Za-z0-9._~!$&'()+,;=:@%-]+";
    /** Relative or absolute, one or more non-empty segments, an optional trailing slash; or {@code /} alone. */
    private static final Pattern PATH = Pattern.compile("/?" + SEGMENT + "(/" + SEGMENT + ")*/?|/");

    private PathValidator() {
    }

    /**
     * The value without surrounding whitespace, when it is a path made of segments (relative or absolute,
     * optional trailing slash, or {@code /}); otherwise a {@link ConfigurationException} naming the key.
     *
     * @param example a valid value of this key, for the message
     */
    public static String validate(String key, String value, String example) {
        String path = value.trim();
        if (!PATH.matcher(path).matches()) {
            throw invalid(key, value, "use path segments without spaces, '*', '?', '#' or empty segments", example);
        }
        return path;
    }

    /**
     * {@code <key>: "<value>" is not a valid path: <why>. Example: <key>=<example>}, with the key attached for
     * Quarkus's configuration error report.
     */
    public static ConfigurationException invalid(String key, String value, String why, String example) {
        return new ConfigurationException(key + ": \"" + value + "\" is not a valid path: " + why + ". Example: " + key
                + "=" + example, Set.of(key));
    }
}
