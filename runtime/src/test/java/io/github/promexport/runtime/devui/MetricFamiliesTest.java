package io.github.promexport.runtime.devui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.promexport.runtime.devui.MetricFamilies.Family;
import io.github.promexport.runtime.devui.MetricFamilies.FamilyList;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

class MetricFamiliesTest {

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void close() {
        meters.close();
    }

    private FamilyList list(String filter) {
        return MetricFamilies.list(meters.getPrometheusRegistry().scrape(), filter);
    }

    private Family only(String filter) {
        FamilyList list = list(filter);
        assertEquals(1, list.families().size(), list.toString());
        return list.families().get(0);
    }

    @Test
    void seriesCountTheLinesOfTheTextExposition() {
        Timer.builder("checkout").publishPercentileHistogram().minimumExpectedValue(java.time.Duration.ofMillis(1))
                .maximumExpectedValue(java.time.Duration.ofSeconds(1)).tag("step", "pay").register(meters)
                .record(java.time.Duration.ofMillis(5));
        DistributionSummary.builder("payload").publishPercentiles(0.5, 0.99).register(meters).record(3);
        meters.gauge("queue.depth", List.of("a", "b"), List::size);

        String exposition = meters.scrape();
        Family histogram = only("^checkout_seconds$");
        assertEquals("histogram", histogram.type());
        assertEquals(exposition.lines().filter(l -> l.matches("checkout_seconds_(bucket|count|sum)\\{.*")).count(),
                histogram.series(),
                "every bucket, _count and _sum: " + exposition);
        Family summary = only("^payload$");
        assertEquals("summary", summary.type());
        assertEquals(4, summary.series(), "two quantiles, _count and _sum");
        Family gauge = only("queue_depth");
        assertEquals("gauge", gauge.type());
        assertEquals(1, gauge.series());
        assertNull(gauge.topLabel(), "no label");
        assertEquals(0, gauge.topLabelValues());
    }

    @Test
    void topLabelIsTheOneWithTheMostDistinctValuesAndTiesGoAlphabetically() {
        for (int i = 0; i < 40; i++) {
            Counter.builder("logins").tag("user", "u" + i).tag("method", i % 2 == 0 ? "password" : "token")
                    .register(meters).increment();
        }
        Counter.builder("tied").tag("zone", "z1").tag("area", "a1").register(meters);
        Counter.builder("tied").tag("zone", "z2").tag("area", "a2").register(meters);

        Family logins = only("^logins_total$");
        assertEquals("counter", logins.type());
        assertEquals(40, logins.series());
        assertEquals(40, logins.labelSets());
        assertEquals("user", logins.topLabel());
        assertEquals(40, logins.topLabelValues());
        assertEquals("area", only("^tied").topLabel());
    }

    @Test
    void listIsCappedBiggestFirstAndSaysSo() {
        AtomicInteger value = new AtomicInteger();
        int families = MetricFamilies.MAX_FAMILIES + 20;
        for (int i = 0; i < families; i++) {
            meters.gauge("many.g" + i, value);
        }
        Counter.builder("many.big").tag("k", "1").register(meters);
        Counter.builder("many.big").tag("k", "2").register(meters);

        FamilyList list = list("^many_");
        assertTrue(list.truncated());
        assertEquals(MetricFamilies.MAX_FAMILIES, list.families().size());
        assertEquals(families + 1, list.matched());
        assertEquals(families + 2, list.matchedSeries());
        assertEquals("many_big_total", list.families().get(0).name(), "the family with the most series comes first");
        assertNull(list.error());
    }

    @Test
    void badFiltersGetAnErrorThatSaysWhy() {
        assertEquals("The filter \"a[\" is not a valid regular expression: Unclosed character class at index 1."
                + " Example: \"^http_server\"", list("a[").error());
        assertTrue(list(null).error().startsWith("The filter is missing"), list(null).error());
        assertEquals("The filter is 201 characters long; at most 200 are accepted", list("x".repeat(201)).error());
        assertFalse(list("").truncated());
        assertNull(list("").error());
    }
}
