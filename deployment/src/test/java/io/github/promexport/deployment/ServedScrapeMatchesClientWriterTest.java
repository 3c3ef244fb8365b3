package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.registry.TrackingPrometheusRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.quarkus.test.QuarkusUnitTest;

/**
 * The served scrape (fast exposition) has the same lines as the client writer over the same registry. JVM meters
 * move between two scrapes, so values are compared by position only; the runtime tests compare exact bytes.
 */
class ServedScrapeMatchesClientWriterTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication();

    @Inject
    PrometheusMeterRegistry registry;

    @Test
    void textAndOpenMetricsHaveTheClientsLines() throws IOException {
        assertInstanceOf(TrackingPrometheusRegistry.class, registry.getPrometheusRegistry());
        ExpositionFormats formats = ExpositionFormats.init(ExporterProperties.builder().build());
        compare("text/plain", formats.getPrometheusTextFormatWriter());
        compare("application/openmetrics-text", formats.getOpenMetricsTextFormatWriter());
    }

    private void compare(String accept, ExpositionFormatWriter writer) throws IOException {
        // A meter may appear between the two scrapes (a first GC of a new kind): then look again.
        List<String> expected = null;
        List<String> served = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            served = withoutValues(given().header("Accept", accept).when().get("/q/metrics").then().statusCode(200)
                    .extract().asString());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writer.write(out, registry.getPrometheusRegistry().scrape());
            expected = withoutValues(out.toString(StandardCharsets.UTF_8));
            if (expected.equals(served)) {
                return;
            }
        }
        assertEquals(expected, served, accept);
    }

    private static List<String> withoutValues(String exposition) {
        List<String> lines = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            lines.add(line.startsWith("#") ? line : line.substring(0, line.lastIndexOf(' ')));
        }
        return lines;
    }
}
