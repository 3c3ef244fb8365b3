package io.github.promexport.runtime.binder.http;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides, from the request path alone, whether a request is measured: the metrics route and the
 * non-application endpoints are skipped unless asked for, and so are paths matching an ignore pattern. With
 * no ignore pattern configured this costs two string comparisons.
 */
public final class MeasuredRequests {

    private final String nonApplicationPrefix;
    private final String nonApplicationRoot;
    private final String metricsPath;
    private final Pattern[] ignored;

    /**
     * @param nonApplicationPrefix the non-application root path with a trailing slash ({@code /q/}), or null
     *        when those endpoints are measured or not distinguishable by prefix
     * @param metricsPath the metrics route's path on this server, or null when it is measured or not here
     */
    MeasuredRequests(String nonApplicationPrefix, String metricsPath, List<String> ignorePatterns) {
        this.nonApplicationPrefix = nonApplicationPrefix;
        this.nonApplicationRoot = nonApplicationPrefix == null ? null
                : nonApplicationPrefix.substring(0, nonApplicationPrefix.length() - 1);
        this.metricsPath = metricsPath;
        List<Pattern> patterns = new ArrayList<>();
        for (String regex : ignorePatterns) {
            patterns.add(UriLabels.compile(UriLabels.IGNORE_PATTERNS_KEY, regex.trim()));
        }
        this.ignored = patterns.toArray(new Pattern[0]);
    }

    public boolean isMeasured(String path) {
        if (path == null) {
            return true;
        }
        if (nonApplicationPrefix != null
                && (path.startsWith(nonApplicationPrefix) || path.equals(nonApplicationRoot))) {
            return false;
        }
        if (metricsPath != null && path.equals(metricsPath)) {
            return false;
        }
        for (Pattern pattern : ignored) {
            if (pattern.matcher(path).matches()) {
                return false;
            }
        }
        return true;
    }
}
