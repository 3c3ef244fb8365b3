package io.github.promexport.runtime.exposition.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * The full build lays the registry out name by name: one Micrometer collector collected, planned and dropped at a
 * time. The scrape that builds the layout is written from that read, so it is the one compared here, in each format
 * and escaping (a fresh registry for each): every meter type, a name Micrometer refused, names whose families collide
 * in the collector (left to the client) and a foreign collector. And a name that changes while the build collects:
 * the scrape still equals the client's for what was read, and the layout is built again from the next scrape on.
 */
class LayoutBuiltNameByNameMatchesClientWritersTest {

    @ParameterizedTest
    @CsvSource({ "text, default", "text, allow-utf-8", "openmetrics, default", "openmetrics, allow-utf-8" })
    void theBuildingScrapeOfEveryKindOfNameIsTheClients(String format, String escapingName) throws IOException {
        EscapingScheme escaping = escapingName.equals("default") ? EscapingScheme.DEFAULT : EscapingScheme.ALLOW_UTF8;
        ExpositionCheck check = new ExpositionCheck();
        FastExpositionMatchesClientWritersTest.EveryMeterType meters = new FastExpositionMatchesClientWritersTest.EveryMeterType(
                check);
        meters.change(2);
        // Refused by Micrometer: other tag keys than the first meter of the name.
        Counter.builder("http.requests").tag("other", "key").register(check.meters).increment();
        // Both become "collide_total{k="v"}": Micrometer's collector keeps one, the client writes the name.
        Counter.builder("collide.x").tag("k", "v").register(check.meters).increment(1);
        Counter.builder("collide_x").tag("k", "v").register(check.meters).increment(2);
        check.prometheusRegistry.register(new Collector() {
            @Override
            public MetricSnapshot collect() {
                return GaugeSnapshot.builder().name("m_foreign").help("A foreign gauge")
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(1.5).build()).build();
            }
        });
        ExpositionFormatWriter writer = writer(check, format);

        byte[] ours = check.ours(writer, escaping);
        assertEquals("1/0/0", check.exposition.builds()); // full/partial/patched
        assertSameBytes(check.client(writer, escaping), ours);
        assertEquals("clientOnly=false families=" + meters.expectedFamilies() + " clientCollectors=1",
                check.layout());
        // And the scrapes after it, from the layout kept.
        assertSameBytes(check.client(writer, escaping), check.ours(writer, escaping));
        assertEquals("1/0/0", check.exposition.builds()); // full/partial/patched
    }

    @ParameterizedTest
    @CsvSource({ "text", "openmetrics" })
    void aMeterAddedToANameWhileTheBuildReadsLeavesNoStaleLayout(String format) throws IOException {
        ExpositionCheck check = new ExpositionCheck();
        AtomicInteger reads = new AtomicInteger();
        // Collected first (collectors are collected in registration order); its first read adds a meter to a name
        // the build grouped already and collects later.
        Gauge.builder("a.trigger", () -> {
            if (reads.incrementAndGet() == 1) {
                Counter.builder("b.late").tag("k", "2").register(check.meters).increment(2);
            }
            return 1;
        }).register(check.meters);
        Counter.builder("b.late").tag("k", "1").register(check.meters).increment();
        Counter.builder("c.steady").register(check.meters).increment(3);
        ExpositionFormatWriter writer = writer(check, format);

        String first = text(check.ours(writer));
        assertEquals(1, reads.get());
        // The name's collector returned a data point its meters, grouped before the read, did not predict: the
        // client wrote the name from the same read.
        assertTrue(first.contains("b_late_total{k=\"2\"} 2.0"), first);
        assertSameBytes(check.client(writer), first.getBytes(StandardCharsets.UTF_8));
        assertEquals("clientOnly=false families=2 clientCollectors=1", check.layout());

        // The addition moved the generation on: the next scrape builds again, and lays the name out itself.
        assertSameBytes(check.client(writer), check.ours(writer));
        assertEquals("clientOnly=false families=3 clientCollectors=0", check.layout());
        assertSameBytes(check.client(writer), check.ours(writer));
    }

    @ParameterizedTest
    @CsvSource({ "text", "openmetrics" })
    void aNameRemovedWhileTheBuildReadsGivesALayoutToBuildAgain(String format) throws IOException {
        ExpositionCheck check = new ExpositionCheck();
        AtomicInteger reads = new AtomicInteger();
        Counter[] doomed = new Counter[1];
        Gauge.builder("a.trigger", () -> {
            if (reads.incrementAndGet() == 1) {
                check.meters.remove(doomed[0]);
            }
            return 1;
        }).register(check.meters);
        doomed[0] = Counter.builder("b.doomed").register(check.meters);
        doomed[0].increment();
        Counter.builder("c.steady").register(check.meters).increment(3);
        ExpositionFormatWriter writer = writer(check, format);

        // The build grouped b.doomed's meter, then found its collector empty: a state it cannot explain. This scrape
        // is written from what was read (without the removed meter, as the client would write it now)...
        String first = text(check.ours(writer));
        assertFalse(first.contains("doomed"), first);
        assertSameBytes(check.client(writer), first.getBytes(StandardCharsets.UTF_8));
        // ...and the layout kept leaves everything to the client until it is built again.
        assertTrue(check.layout().startsWith("clientOnly=true"), check.layout());

        assertSameBytes(check.client(writer), check.ours(writer));
        assertEquals("clientOnly=false families=2 clientCollectors=0", check.layout());
        assertEquals(List.of("2", "0", "0"), List.of(check.exposition.builds().split("/")));
    }

    @ParameterizedTest
    @CsvSource({ "text", "openmetrics" })
    void namesThatAreNotLegacyNamesAreTheClientsUnderAllowUtf8(String format) throws IOException {
        ExpositionCheck check = new ExpositionCheck();
        // Tag keys kept as they are: "my.key" is not a legacy label name, which allow-utf-8 writes quoted.
        NamingConvention prometheus = check.meters.config().namingConvention();
        check.meters.config().namingConvention(new NamingConvention() {
            @Override
            public String name(String name, Meter.Type type, String baseUnit) {
                return prometheus.name(name, type, baseUnit);
            }

            @Override
            public String tagKey(String key) {
                return key;
            }
        });
        Counter.builder("dotted").tag("my.key", "v").register(check.meters).increment(2);
        Counter.builder("plain").tag("k", "v").register(check.meters).increment(3);
        ExpositionFormatWriter writer = writer(check, format);

        String utf8 = text(check.ours(writer, EscapingScheme.ALLOW_UTF8));
        assertTrue(utf8.contains("\"my.key\"=\"v\""), utf8);
        assertSameBytes(check.client(writer, EscapingScheme.ALLOW_UTF8), utf8.getBytes(StandardCharsets.UTF_8));
        assertEquals("1/0/0", check.exposition.builds()); // full/partial/patched
        assertEquals("clientOnly=false families=2 clientCollectors=0", check.layout());
        assertSameBytes(check.client(writer, EscapingScheme.ALLOW_UTF8), check.ours(writer, EscapingScheme.ALLOW_UTF8));
        assertSameBytes(check.client(writer), check.ours(writer));
    }

    private static ExpositionFormatWriter writer(ExpositionCheck check, String format) {
        return format.equals("text") ? check.formats.getPrometheusTextFormatWriter()
                : check.formats.getOpenMetricsTextFormatWriter();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void assertSameBytes(byte[] expected, byte[] actual) {
        assertEquals(text(expected), text(actual));
        assertArrayEquals(expected, actual);
    }
}
