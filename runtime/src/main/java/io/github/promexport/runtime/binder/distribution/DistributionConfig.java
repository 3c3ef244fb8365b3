package io.github.promexport.runtime.binder.distribution;

import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;

/**
 * Histogram, percentile and SLO settings for timers and distribution summaries, by Micrometer meter name.
 * <p>
 * A key is a meter name as registered in Micrometer, with dots (`http.server.requests`, quoted because of the
 * dots), or a dotted prefix of it (`http.server` applies to `http.server.requests` and
 * `http.server.request.size`); the longest matching key wins. Settings apply to meters registered after
 * startup reads them, that is to all of them.
 */
@ConfigMapping(prefix = "quarkus.prometheus.distribution")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface DistributionConfig {

    /**
     * Whether the meter publishes a Prometheus histogram (`_bucket` series, for `histogram_quantile()`) with
     * Micrometer's default bucket boundaries, bounded by `minimum-expected-value` and `maximum-expected-value`.
     * Example: `quarkus.prometheus.distribution.percentiles-histogram."http.server.requests"=true`.
     */
    @ConfigDocMapKey("meter-name")
    Map<String, Boolean> percentilesHistogram();

    /**
     * Percentiles computed in the application and published as a `quantile` label, between 0 and 1. They cannot
     * be aggregated across instances; prefer `percentiles-histogram`. Example:
     * `quarkus.prometheus.distribution.percentiles."http.server.requests"=0.5,0.95,0.99`.
     */
    @ConfigDocMapKey("meter-name")
    Map<String, List<Double>> percentiles();

    /**
     * Service level objectives: histogram bucket boundaries published in addition to (or, without
     * `percentiles-histogram`, instead of) the default ones. For a timer each value is a duration (`50ms`,
     * `2s`, `PT1S`; a plain number is seconds); for a distribution summary a plain number in the summary's
     * unit. Example: `quarkus.prometheus.distribution.slo."http.server.requests"=50ms,100ms,500ms`.
     */
    @ConfigDocMapKey("meter-name")
    Map<String, List<String>> slo();

    /**
     * The smallest value the meter is expected to observe: the lowest histogram bucket boundary. A duration for
     * a timer, a plain number for a distribution summary, as for `slo`. Example:
     * `quarkus.prometheus.distribution.minimum-expected-value."http.server.requests"=5ms`.
     */
    @ConfigDocMapKey("meter-name")
    Map<String, String> minimumExpectedValue();

    /**
     * The largest value the meter is expected to observe: the highest histogram bucket boundary. A duration for
     * a timer, a plain number for a distribution summary, as for `slo`. Example:
     * `quarkus.prometheus.distribution.maximum-expected-value."http.server.requests"=10s`.
     */
    @ConfigDocMapKey("meter-name")
    Map<String, String> maximumExpectedValue();
}
