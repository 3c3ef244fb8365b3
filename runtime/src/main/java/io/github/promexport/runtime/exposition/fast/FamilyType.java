package io.github.promexport.runtime.exposition.fast;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;

/** The type of a metric family as Micrometer's Prometheus registry makes it, before the client's snapshot says more. */
enum FamilyType {
    COUNTER,
    GAUGE,
    /** A gauge whose name ends in {@code .info}: one line of value 1 per data point. */
    INFO,
    /** Timer, distribution summary or long task timer: a histogram or a summary (plus a {@code _max} gauge). */
    DISTRIBUTION,
    /** Function timer: a summary without quantiles. */
    SUMMARY;

    /** Whether the client's snapshot is of this type. */
    boolean matches(MetricSnapshot snapshot) {
        switch (this) {
            case COUNTER:
                return snapshot instanceof CounterSnapshot;
            case GAUGE:
                return snapshot instanceof GaugeSnapshot;
            case INFO:
                return snapshot instanceof InfoSnapshot;
            case SUMMARY:
                return snapshot instanceof SummarySnapshot;
            default:
                return snapshot instanceof SummarySnapshot || snapshot instanceof HistogramSnapshot;
        }
    }

    /** Counters, gauges and info: one line per data point, one value slot each. */
    boolean isScalar() {
        return this == COUNTER || this == GAUGE || this == INFO;
    }
}
