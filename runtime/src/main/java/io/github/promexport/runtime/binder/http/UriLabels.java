package io.github.promexport.runtime.binder.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Turns what is known about a finished request into its {@code uri} label: the route template when there is
 * one, otherwise a fixed word ({@code NOT_FOUND}, {@code REDIRECTION}, {@code root}, {@code UNKNOWN}), so that
 * raw paths never become label values. Configured match patterns are applied first.
 */
public final class UriLabels {

    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String REDIRECTION = "REDIRECTION";
    public static final String ROOT = "root";
    public static final String UNKNOWN = "UNKNOWN";

    static final String MATCH_PATTERNS_KEY = "quarkus.prometheus.binder.http-server.match-patterns";
    static final String IGNORE_PATTERNS_KEY = "quarkus.prometheus.binder.http-server.ignore-patterns";

    private static final Pattern[] NO_PATTERNS = new Pattern[0];

    private final Pattern[] patterns;
    private final String[] replacements;
    /** Vert.x route paths ({@code /items/:id}) converted once to templates ({@code /items/{id}}). */
    private final ConcurrentHashMap<String, String> vertxTemplates = new ConcurrentHashMap<>();

    UriLabels(List<String> matchPatterns) {
        List<Pattern> compiled = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (String entry : matchPatterns) {
            int separator = entry.lastIndexOf('=');
            if (separator <= 0 || separator == entry.length() - 1) {
                throw new ConfigurationException(MATCH_PATTERNS_KEY + ": \"" + entry
                        + "\" is not a regex=replacement pair. Example: " + MATCH_PATTERNS_KEY + "=/item/[0-9]+=/item/{id}",
                        Set.of(MATCH_PATTERNS_KEY));
            }
            compiled.add(compile(MATCH_PATTERNS_KEY, entry.substring(0, separator).trim()));
            targets.add(entry.substring(separator + 1).trim());
        }
        this.patterns = compiled.toArray(NO_PATTERNS);
        this.replacements = targets.toArray(new String[0]);
    }

    static Pattern compile(String key, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ConfigurationException(key + ": \"" + regex + "\" is not a valid regular expression ("
                    + e.getDescription() + "). Example: /item/[0-9]+", Set.of(key));
        }
    }

    /**
     * @param template the route template ({@code /hello/{name}}), or null when no route with a template handled
     *        the request
     * @param path the request path, without query string
     * @param status the response status
     */
    public String resolve(String template, String path, int status) {
        if (patterns.length > 0) {
            String candidate = template != null ? template : path;
            for (int i = 0; i < patterns.length; i++) {
                Matcher matcher = patterns[i].matcher(candidate);
                if (matcher.matches()) {
                    return matcher.replaceAll(replacements[i]);
                }
            }
        }
        if (template != null) {
            return template.isEmpty() || template.equals("/") ? ROOT : template;
        }
        if (status == 404) {
            return NOT_FOUND;
        }
        if (status >= 300 && status < 400) {
            return REDIRECTION;
        }
        if (path == null || path.isEmpty() || path.equals("/")) {
            return ROOT;
        }
        return UNKNOWN;
    }

    /** {@code /items/:id/parts/:part} becomes {@code /items/{id}/parts/{part}}; computed once per route. */
    public String vertxTemplate(String routePath) {
        if (routePath.indexOf(':') < 0) {
            return routePath;
        }
        return vertxTemplates.computeIfAbsent(routePath, UriLabels::convertVertxParameters);
    }

    static String convertVertxParameters(String routePath) {
        StringBuilder template = new StringBuilder(routePath.length() + 4);
        int i = 0;
        while (i < routePath.length()) {
            char c = routePath.charAt(i);
            if (c == ':' && (i == 0 || routePath.charAt(i - 1) == '/')) {
                int end = i + 1;
                while (end < routePath.length() && isParameterChar(routePath.charAt(end))) {
                    end++;
                }
                template.append('{').append(routePath, i + 1, end).append('}');
                i = end;
            } else {
                template.append(c);
                i++;
            }
        }
        return template.toString();
    }

    private static boolean isParameterChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
