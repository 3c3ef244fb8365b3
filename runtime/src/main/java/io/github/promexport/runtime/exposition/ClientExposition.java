package io.github.promexport.runtime.exposition;

import java.util.List;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The exposition as the Prometheus client writes it: snapshots of every collector, then the negotiated writer.
 * Serves every format and filter; the fast exposition falls back to it.
 */
public final class ClientExposition implements Exposition {

    private final PrometheusRegistry registry;

    public ClientExposition(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Body render(ExpositionFormat format, List<String> sampleNames) {
        MetricSnapshots snapshots = sampleNames.isEmpty() ? registry.scrape()
                : registry.scrape(SampleNameFilter.of(sampleNames));
        return out -> format.writer().write(out, snapshots, format.escaping());
    }
}
