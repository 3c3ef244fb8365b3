package io.github.promexport.runtime.exposition.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.promexport.runtime.exposition.ExpositionFormat;
import io.github.promexport.runtime.registry.TrackingPrometheusRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.tracer.common.SpanContext;

/** A registry wired as in production, and the assertion that both formats equal the client writers' bytes. */
final class ExpositionCheck {

    final MockClock clock = new MockClock();
    final TrackingPrometheusRegistry prometheusRegistry = new TrackingPrometheusRegistry();
    final PrometheusMeterRegistry meters;
    final ExpositionFormats formats = ExpositionFormats.init(ExporterProperties.builder().build());
    final FastExposition exposition;
    private int checks;

    ExpositionCheck() {
        this(PrometheusConfig.DEFAULT, null);
    }

    /** A registry that samples exemplars from {@code spanContext}, as the producer wires it with OpenTelemetry. */
    ExpositionCheck(PrometheusConfig config, SpanContext spanContext) {
        meters = new PrometheusMeterRegistry(config, prometheusRegistry, clock, spanContext);
        prometheusRegistry.trackMeters(meters);
        prometheusRegistry.exemplarsSampled(spanContext != null);
        exposition = (FastExposition) FastExposition.create(meters, formats, ExporterProperties.builder().build());
    }

    /**
     * Asserts equal bytes in both formats and returns the text exposition. The formats take turns going first, so
     * that the scrape after a meter change, which rebuilds the layout, is checked in both.
     */
    String assertSameBytes() {
        if (textFirst()) {
            String text = assertSameBytes(formats.getPrometheusTextFormatWriter());
            assertSameBytes(formats.getOpenMetricsTextFormatWriter());
            return text;
        }
        assertSameBytes(formats.getOpenMetricsTextFormatWriter());
        return assertSameBytes(formats.getPrometheusTextFormatWriter());
    }

    /** Either both expositions fail, or both give the same bytes (returned, as text; null when both failed). */
    String assertSameOutcome() {
        boolean textFirst = textFirst();
        String text = textFirst ? sameOutcome(formats.getPrometheusTextFormatWriter()) : null;
        String om = sameOutcome(formats.getOpenMetricsTextFormatWriter());
        if (!textFirst) {
            text = sameOutcome(formats.getPrometheusTextFormatWriter());
        }
        assertEquals(om == null, text == null);
        return text;
    }

    private boolean textFirst() {
        return (checks++ & 1) == 1;
    }

    private String sameOutcome(ExpositionFormatWriter writer) {
        String result = sameOutcome(writer, EscapingScheme.DEFAULT);
        String utf8 = sameOutcome(writer, EscapingScheme.ALLOW_UTF8);
        assertEquals(result == null, utf8 == null);
        return result;
    }

    private String sameOutcome(ExpositionFormatWriter writer, EscapingScheme escaping) {
        byte[] expected;
        try {
            expected = client(writer, escaping);
        } catch (RuntimeException | IOException e) {
            try {
                byte[] actual = ours(writer, escaping);
                fail("The client failed with " + e + " but the fast exposition wrote:\n"
                        + new String(actual, StandardCharsets.UTF_8));
            } catch (RuntimeException | IOException expectedToo) {
                return null;
            }
            return null;
        }
        return compare(writer, escaping, expected);
    }

    /**
     * Asserts equal bytes under the default escaping and under allow-utf-8 (Prometheus 3's default), which the
     * layout serves too when every name is a legacy name.
     */
    String assertSameBytes(ExpositionFormatWriter writer) {
        try {
            String result = compare(writer, EscapingScheme.DEFAULT, client(writer, EscapingScheme.DEFAULT));
            compare(writer, EscapingScheme.ALLOW_UTF8, client(writer, EscapingScheme.ALLOW_UTF8));
            return result;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String compare(ExpositionFormatWriter writer, EscapingScheme escaping, byte[] expected) {
        byte[] actual;
        try {
            actual = ours(writer, escaping);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        String expectedText = new String(expected, StandardCharsets.UTF_8);
        assertEquals(expectedText, new String(actual, StandardCharsets.UTF_8), writer.getContentType() + " " + escaping);
        assertArrayEquals(expected, actual, writer.getContentType() + " " + escaping);
        return expectedText;
    }

    byte[] client(ExpositionFormatWriter writer) throws IOException {
        return client(writer, EscapingScheme.DEFAULT);
    }

    byte[] client(ExpositionFormatWriter writer, EscapingScheme escaping) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, prometheusRegistry.scrape(), escaping);
        return out.toByteArray();
    }

    byte[] ours(ExpositionFormatWriter writer) throws IOException {
        return ours(writer, EscapingScheme.DEFAULT);
    }

    byte[] ours(ExpositionFormatWriter writer, EscapingScheme escaping) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        exposition.render(new ExpositionFormat(writer, escaping), List.of()).writeTo(out);
        return out.toByteArray();
    }

    String layout() {
        return exposition.describeLayout();
    }
}
