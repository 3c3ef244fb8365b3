package io.github.promexport.runtime.binder.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.ConfigurationException;

class DistributionMeterFilterTest {

    @Test
    void theLongestMatchingDottedPrefixWins() {
        DistributionMeterFilter filter = new DistributionMeterFilter(
                Map.of("http", false, "http.server", true), Map.of(), Map.of("http.server.requests", List.of("50ms", "0.5")),
                Map.of("http.server", "1ms"), Map.of());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(filter);

        Timer requests = Timer.builder("http.server.requests").register(registry);
        DistributionStatisticConfig config = filter.configure(requests.getId(), DistributionStatisticConfig.DEFAULT);
        assertEquals(Boolean.TRUE, config.isPercentileHistogram());
        assertArrayEquals(new double[] { 50_000_000d, 500_000_000d }, config.getServiceLevelObjectiveBoundaries());
        assertEquals(1_000_000d, config.getMinimumExpectedValueAsDouble());

        DistributionSummary client = DistributionSummary.builder("http.client.size").register(registry);
        assertEquals(Boolean.FALSE,
                filter.configure(client.getId(), DistributionStatisticConfig.DEFAULT).isPercentileHistogram());
        // "http.serverless" is not under "http.server".
        assertNull(DistributionMeterFilter.lookup(new TreeMap<>(Map.of("http.server", 1)), "http.serverless"));
    }

    @Test
    void summariesTakePlainNumbers() {
        DistributionMeterFilter filter = new DistributionMeterFilter(Map.of(), Map.of("size", List.of(0.5, 0.99)),
                Map.of("size", List.of("100", "1000")), Map.of(), Map.of("size", "4096"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        DistributionSummary size = DistributionSummary.builder("size").register(registry);
        DistributionStatisticConfig config = filter.configure(size.getId(), DistributionStatisticConfig.DEFAULT);
        assertArrayEquals(new double[] { 100, 1000 }, config.getServiceLevelObjectiveBoundaries());
        assertArrayEquals(new double[] { 0.5, 0.99 }, config.getPercentiles());
        assertEquals(4096d, config.getMaximumExpectedValueAsDouble());
    }

    @Test
    void aPercentileAboveOneNamesTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new DistributionMeterFilter(Map.of(), Map.of("x", List.of(95.0)), Map.of(), Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("quarkus.prometheus.distribution.percentiles.\"x\""), e.getMessage());
    }
}
