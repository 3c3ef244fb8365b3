package io.github.promexport.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.quarkus.runtime.metrics.MetricsFactory;

class ExtensionMetricsFactoryTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MetricsFactory factory = new ExtensionMetricsFactory(registry);

    @Test
    void millisecondGaugesAreExportedInSeconds() {
        factory.builder("pool.blocking.time.max").unit("milliseconds").tag("datasource", "default")
                .buildGauge(() -> 1500L);
        assertTrue(registry.scrape().contains("pool_blocking_time_max_seconds{datasource=\"default\"} 1.5"),
                registry::scrape);
    }

    @Test
    void gaugesLoseTheCountSuffixCountersKeepItWithTotal() {
        AtomicLong acquired = new AtomicLong(7);
        factory.builder("pool.active.count").description("Active").buildGauge(() -> 2);
        factory.builder("pool.acquire.count").description("Acquired").buildCounter(acquired, AtomicLong::get);
        String exposition = registry.scrape();
        assertTrue(exposition.contains("# TYPE pool_active gauge\npool_active 2.0"), exposition);
        assertTrue(exposition.contains("pool_acquire_count_total 7.0"), exposition);
    }

    @Test
    void namingRules() {
        assertEquals("agroal.active", ExtensionMetricsFactory.gaugeName("agroal.active.count"));
        assertEquals("a_b", ExtensionMetricsFactory.gaugeName("a_b_sum"));
        assertEquals("count", ExtensionMetricsFactory.gaugeName("count"));
        assertEquals("agroal.available", ExtensionMetricsFactory.gaugeName("agroal.available"));
        assertEquals(0.001, ExtensionMetricsFactory.secondsPer("milliseconds"));
        assertEquals(0, ExtensionMetricsFactory.secondsPer("bytes"));
        assertEquals(0, ExtensionMetricsFactory.secondsPer(null));
    }

    @Test
    void supportsMicrometerOnly() {
        assertTrue(factory.metricsSystemSupported(MetricsFactory.MICROMETER));
        assertFalse(factory.metricsSystemSupported("mp-metrics"));
    }
}
