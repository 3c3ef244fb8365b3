package io.github.promexport.runtime.devui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;

/**
 * The Dev UI's list of metric families, computed from one snapshot of the Prometheus registry: per family its type,
 * help, the time series it adds to a scrape and the label with the most distinct values, so that a label about to
 * explode (a user id, a raw URL) shows up in dev mode rather than in the production Prometheus.
 * <p>
 * The list is sorted by series, the biggest first, and capped at {@link #MAX_FAMILIES}; the totals still count every
 * family. A bad filter is an answer with an {@link FamilyList#error() error}, not an exception: a typo in the page's
 * filter box is not an application failure worth a stack trace in the log.
 */
public final class MetricFamilies {

    /** At most this many families are sent to the page: the biggest ones, which are the ones that matter. */
    public static final int MAX_FAMILIES = 500;
    /** A longer filter is a paste gone wrong, not a family name pattern. */
    static final int MAX_FILTER_LENGTH = 200;

    private MetricFamilies() {
    }

    /**
     * One family as the page shows it.
     *
     * @param name the name in the text exposition ({@code _total} included for counters)
     * @param type the Prometheus type: counter, gauge, histogram, gaugehistogram, summary, info, stateset, unknown
     * @param help the {@code # HELP} text, empty when none
     * @param series the time series a scrape holds for it (each bucket, quantile, {@code _count} and {@code _sum})
     * @param labelSets the distinct label sets (data points)
     * @param topLabel the label with the most distinct values, {@code null} for a family without labels
     * @param topLabelValues that label's distinct values
     */
    public record Family(String name, String type, String help, long series, int labelSets, String topLabel,
            int topLabelValues) {
    }

    /**
     * The answer to one request.
     *
     * @param families the matching families, most series first, at most {@link #MAX_FAMILIES}
     * @param matched how many families match the filter
     * @param total how many families the registry holds
     * @param matchedSeries the series of every matching family, shown or not
     * @param limit {@link #MAX_FAMILIES}
     * @param truncated whether matching families were left out
     * @param error why the request could not be answered, {@code null} when it was
     */
    public record FamilyList(List<Family> families, int matched, int total, long matchedSeries, int limit,
            boolean truncated, String error) {

        static FamilyList failed(String error) {
            return new FamilyList(List.of(), 0, 0, 0, MAX_FAMILIES, false, error);
        }
    }

    /**
     * Checks the page's filter: a regular expression found anywhere in the family name, case-insensitively
     * ({@code http_server}, {@code ^jvm_}, {@code seconds$}); empty for every family.
     *
     * @return the pattern
     * @throws IllegalArgumentException with a message fit for the page when the filter is unusable
     */
    static Pattern parseFilter(String filter) {
        if (filter == null) {
            throw new IllegalArgumentException("The filter is missing: send \"\" to list every family, or a regular"
                    + " expression found in the family names, e.g. \"^http_server\"");
        }
        if (filter.length() > MAX_FILTER_LENGTH) {
            throw new IllegalArgumentException("The filter is " + filter.length() + " characters long; at most "
                    + MAX_FILTER_LENGTH + " are accepted");
        }
        try {
            return Pattern.compile(filter, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("The filter \"" + filter + "\" is not a valid regular expression: "
                    + e.getDescription() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "")
                    + ". Example: \"^http_server\"");
        }
    }

    /** The families of {@code snapshots} whose name matches {@code filter}; see {@link #parseFilter}. */
    public static FamilyList list(MetricSnapshots snapshots, String filter) {
        Pattern pattern;
        try {
            pattern = parseFilter(filter);
        } catch (IllegalArgumentException e) {
            return FamilyList.failed(e.getMessage());
        }
        List<Family> matching = new ArrayList<>();
        int total = 0;
        long matchedSeries = 0;
        for (MetricSnapshot snapshot : snapshots) {
            total++;
            String name = expositionName(snapshot);
            if (pattern.matcher(name).find()) {
                Family family = describe(name, snapshot);
                matching.add(family);
                matchedSeries += family.series();
            }
        }
        matching.sort(Comparator.comparingLong(Family::series).reversed().thenComparing(Family::name));
        boolean truncated = matching.size() > MAX_FAMILIES;
        List<Family> shown = truncated ? List.copyOf(matching.subList(0, MAX_FAMILIES)) : List.copyOf(matching);
        return new FamilyList(shown, matching.size(), total, matchedSeries, MAX_FAMILIES, truncated, null);
    }

    private static Family describe(String name, MetricSnapshot snapshot) {
        Map<String, Set<String>> values = new HashMap<>();
        long series = 0;
        List<? extends DataPointSnapshot> points = snapshot.getDataPoints();
        for (DataPointSnapshot point : points) {
            series += seriesOf(point);
            Labels labels = point.getLabels();
            for (int i = 0; i < labels.size(); i++) {
                values.computeIfAbsent(labels.getName(i), n -> new HashSet<>()).add(labels.getValue(i));
            }
        }
        String topLabel = null;
        int topValues = 0;
        for (Map.Entry<String, Set<String>> label : values.entrySet()) {
            int count = label.getValue().size();
            // Ties go to the first name alphabetically, so the answer does not depend on hash order.
            if (count > topValues || (count == topValues && topLabel != null && label.getKey().compareTo(topLabel) < 0)) {
                topLabel = label.getKey();
                topValues = count;
            }
        }
        String help = snapshot.getMetadata().getHelp();
        return new Family(name, type(snapshot), help == null ? "" : help, series, points.size(), topLabel, topValues);
    }

    /** The lines one data point adds to a text exposition. */
    private static long seriesOf(DataPointSnapshot point) {
        if (point instanceof HistogramSnapshot.HistogramDataPointSnapshot histogram) {
            // Buckets (+Inf included), _count and _sum; a native-only histogram still has _count and _sum.
            long buckets = histogram.hasClassicHistogramData() ? histogram.getClassicBuckets().size() : 0;
            return buckets + (histogram.hasCount() ? 1 : 0) + (histogram.hasSum() ? 1 : 0);
        }
        if (point instanceof SummarySnapshot.SummaryDataPointSnapshot summary) {
            return summary.getQuantiles().size() + (summary.hasCount() ? 1 : 0) + (summary.hasSum() ? 1 : 0);
        }
        if (point instanceof StateSetSnapshot.StateSetDataPointSnapshot stateSet) {
            return stateSet.size();
        }
        return 1;
    }

    /** The family name as {@code # TYPE} gives it in the text format. */
    static String expositionName(MetricSnapshot snapshot) {
        String name = snapshot.getMetadata().getPrometheusName();
        if (snapshot instanceof CounterSnapshot) {
            return name + "_total";
        }
        if (snapshot instanceof InfoSnapshot) {
            return name + "_info";
        }
        return name;
    }

    private static String type(MetricSnapshot snapshot) {
        if (snapshot instanceof CounterSnapshot) {
            return "counter";
        }
        if (snapshot instanceof GaugeSnapshot) {
            return "gauge";
        }
        if (snapshot instanceof HistogramSnapshot histogram) {
            return histogram.isGaugeHistogram() ? "gaugehistogram" : "histogram";
        }
        if (snapshot instanceof SummarySnapshot) {
            return "summary";
        }
        if (snapshot instanceof InfoSnapshot) {
            return "info";
        }
        if (snapshot instanceof StateSetSnapshot) {
            return "stateset";
        }
        return "unknown";
    }
}
