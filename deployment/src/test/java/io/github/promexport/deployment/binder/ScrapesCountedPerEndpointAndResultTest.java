package io.github.promexport.deployment.binder;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.github.promexport.deployment.Promtool;
import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.Collector;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The exporter's own metrics: {@code prometheus_export_scrapes_total{endpoint,result}} counts served and failed
 * scrapes per endpoint, every result exists from the start, {@code prometheus_export_scrape_duration_seconds} times
 * the scrapes that ran, and the exposition stays promtool-clean.
 */
class ScrapesCountedPerEndpointAndResultTest {

    static final AtomicBoolean BROKEN = new AtomicBoolean();

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(SwitchableCollector.class, Exposition.class, Promtool.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "0");

    @Inject
    PrometheusExporterEndpoint exporter;

    @Test
    void countsOkAndFailedScrapesPerEndpointAndPassesPromtool() throws Exception {
        String exporterUrl = exporter.url().orElseThrow().toString();
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get(exporterUrl).then().statusCode(200);
        BROKEN.set(true);
        try {
            given().get("/q/metrics").then().statusCode(503);
            given().get(exporterUrl).then().statusCode(503);
        } finally {
            BROKEN.set(false);
        }

        // A scrape reads the counters before it counts itself.
        String exposition = Exposition.scrape();
        assertEquals(2, scrapes(exposition, "route", "ok"));
        assertEquals(1, scrapes(exposition, "route", "failed"));
        assertEquals(1, scrapes(exposition, "exporter", "ok"));
        assertEquals(1, scrapes(exposition, "exporter", "failed"));
        for (String endpoint : new String[] { "route", "exporter" }) {
            for (String result : new String[] { "client_gone", "rejected", "unauthorized" }) {
                assertEquals(0, scrapes(exposition, endpoint, result), endpoint + " " + result);
            }
        }
        assertEquals(3, Exposition.value(single(Exposition.samples(exposition,
                "prometheus_export_scrape_duration_seconds_count", "endpoint=\"route\""))));
        assertEquals(2, Exposition.value(single(Exposition.samples(exposition,
                "prometheus_export_scrape_duration_seconds_count", "endpoint=\"exporter\""))));

        Promtool.Result result = Promtool.checkMetrics(exposition);
        assertEquals(0, result.exitCode(), result.output() + "\n" + exposition);
    }

    private static double scrapes(String exposition, String endpoint, String result) {
        return Exposition.value(single(Exposition.samples(exposition, "prometheus_export_scrapes_total",
                "endpoint=\"" + endpoint + "\"", "result=\"" + result + "\"")));
    }

    private static String single(List<String> samples) {
        assertEquals(1, samples.size(), samples::toString);
        return samples.get(0);
    }

    @Singleton
    public static class SwitchableCollector {
        void register(@Observes StartupEvent event, PrometheusMeterRegistry registry) {
            Collector switchable = () -> {
                if (BROKEN.get()) {
                    throw new IllegalStateException("collector broke");
                }
                return null;
            };
            registry.getPrometheusRegistry().register(switchable);
        }
    }
}
