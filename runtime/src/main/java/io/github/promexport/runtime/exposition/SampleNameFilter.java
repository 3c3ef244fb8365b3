package io.github.promexport.runtime.exposition;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@code name[]} filter: selects the metric families whose samples carry one of the requested sample names. A
 * family's name lacks the suffixes of its samples ({@code orders_placed} for {@code orders_placed_total},
 * {@code jvm} for {@code jvm_info}), so a name matches the family itself or the family plus one of those suffixes.
 * <p>
 * Deliberately not the client library's {@code MetricNameFilter}, which tests whether the requested name merely
 * starts with the family name: that returns {@code jvm_info} for every {@code jvm_*} request and
 * {@code checkout_seconds} for {@code checkout_seconds_max}.
 */
public final class SampleNameFilter {

    private static final List<String> SAMPLE_SUFFIXES = List.of("_total", "_created", "_info", "_bucket", "_count",
            "_sum", "_gcount", "_gsum");

    private SampleNameFilter() {
    }

    /** A predicate over metric family names. */
    public static Predicate<String> of(List<String> sampleNames) {
        Set<String> requested = new HashSet<>(sampleNames);
        return metricName -> {
            if (requested.contains(metricName)) {
                return true;
            }
            for (String suffix : SAMPLE_SUFFIXES) {
                if (requested.contains(metricName + suffix)) {
                    return true;
                }
            }
            return false;
        };
    }
}
