package io.github.promexport.opentelemetry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.ext.web.Router;

/**
 * With quarkus-opentelemetry, a real request's trace id reaches the OpenMetrics exposition as exemplars: on the
 * buckets of {@code http_server_requests_seconds} (recorded by the extension's HTTP binder after the response,
 * when OpenTelemetry has already closed the request's scope) and on a counter the handler increments. The served
 * lines are the client writer's; the text format carries no exemplars.
 */
class RequestTraceIdsBecomeExemplarsTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String BLOCKING_TRACE_ID = "5bf92f3577b34da6a3ce929d0e0e4737";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClass(Greeting.class))
            .overrideConfigKey("quarkus.prometheus.distribution.slo.\"http.server.requests\"", "100ms,1s,10s")
            // No exporter: spans are sampled and current, never sent anywhere.
            .overrideConfigKey("quarkus.otel.traces.exporter", "none");

    @Inject
    PrometheusMeterRegistry registry;

    @Test
    void requestTraceIdIsWrittenOnBucketsAndCountersInOpenMetricsOnly() throws IOException {
        String serverSpan = request("/greeting", TRACE_ID);
        // A response ended from a worker thread: the end handlers run after the worker's part of the request.
        String blockingSpan = request("/greeting/blocking", BLOCKING_TRACE_ID);
        String exemplar = " # {span_id=\"" + serverSpan + "\",trace_id=\"" + TRACE_ID + "\"} ";
        String blockingExemplar = " # {span_id=\"" + blockingSpan + "\",trace_id=\"" + BLOCKING_TRACE_ID + "\"} ";

        String openMetrics = scrape("application/openmetrics-text");
        List<String> buckets = lines(openMetrics, "http_server_requests_seconds_bucket{");
        assertEquals(8, buckets.size(), openMetrics);
        List<String> withExemplar = buckets.stream().filter(line -> line.contains(exemplar)).toList();
        assertEquals(1, withExemplar.size(), () -> "one bucket holds the request's exemplar:\n" + openMetrics);
        assertTrue(withExemplar.get(0).contains("uri=\"/greeting\""), withExemplar.get(0));
        List<String> withBlockingExemplar = buckets.stream().filter(line -> line.contains(blockingExemplar)).toList();
        assertEquals(1, withBlockingExemplar.size(), () -> "one bucket holds the exemplar:\n" + openMetrics);
        assertTrue(withBlockingExemplar.get(0).contains("uri=\"/greeting/blocking\""), withBlockingExemplar.get(0));
        // The exemplar's value is the request's duration in seconds, with the sampler's timestamp.
        Matcher value = Pattern.compile(Pattern.quote(exemplar) + "([0-9.E-]+) (\\d+\\.\\d{3})$")
                .matcher(withExemplar.get(0));
        assertTrue(value.find(), withExemplar.get(0));
        assertTrue(Double.parseDouble(value.group(1)) > 0, withExemplar.get(0));

        List<String> greetings = lines(openMetrics, "greetings_total");
        assertEquals(1, greetings.size(), openMetrics);
        // The counter keeps its first exemplar for the sampler's minimum retention (seven seconds).
        assertTrue(greetings.get(0).contains(exemplar + "1.0 "), greetings.get(0));

        // Byte for byte the client writer's lines for the meters that do not move between two reads.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionFormats.init(ExporterProperties.builder().build()).getOpenMetricsTextFormatWriter()
                .write(out, registry.getPrometheusRegistry().scrape());
        String client = out.toString(StandardCharsets.UTF_8);
        for (String family : List.of("http_server_requests_seconds_bucket{", "greetings_total")) {
            assertEquals(lines(client, family), lines(openMetrics, family), family);
        }

        String text = scrape("text/plain");
        assertFalse(text.contains(TRACE_ID), text);
        assertEquals(8, lines(text, "http_server_requests_seconds_bucket{").size(), text);
        assertFalse(text.contains(" # {"), text);
    }

    /** Sends a request in a sampled trace; returns the server span's id. */
    private static String request(String path, String traceId) {
        String serverSpan = given().header("traceparent", "00-" + traceId + "-" + PARENT_SPAN_ID + "-01")
                .when().get(path).then().statusCode(200).extract().asString();
        assertTrue(serverSpan.matches("[0-9a-f]{16}") && !serverSpan.equals(PARENT_SPAN_ID), serverSpan);
        return serverSpan;
    }

    private static String scrape(String accept) {
        return given().header("Accept", accept).when().get("/q/metrics").then().statusCode(200).extract()
                .asString();
    }

    private static List<String> lines(String exposition, String prefix) {
        return Arrays.stream(exposition.split("\n")).filter(line -> line.startsWith(prefix))
                .collect(Collectors.toList());
    }

    /**
     * Vert.x routes that answer their request's span id: one on the event loop that increments a counter while the
     * span is current, one on a worker thread.
     */
    @Singleton
    static class Greeting {

        @Inject
        MeterRegistry registry;

        void route(@Observes Router router) {
            Counter greetings = Counter.builder("greetings").register(registry);
            router.get("/greeting").handler(ctx -> {
                greetings.increment();
                ctx.response().end(Span.current().getSpanContext().getSpanId());
            });
            router.get("/greeting/blocking").blockingHandler(ctx -> {
                ctx.response().end(Span.current().getSpanContext().getSpanId());
            });
        }
    }
}
