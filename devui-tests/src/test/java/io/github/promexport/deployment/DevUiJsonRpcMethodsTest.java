package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.devui.tests.DevUIJsonRPCTest;
import io.quarkus.test.QuarkusDevModeTest;

/**
 * The Dev UI card's JSON-RPC methods, called over the Dev UI's WebSocket as the page calls them: where the metrics
 * are served, the families with their cardinality, the last scrape, and clear errors for bad parameters.
 */
class DevUiJsonRpcMethodsTest extends DevUIJsonRPCTest {

    private static final int PORT = Ports.consecutive(DevUiJsonRpcMethodsTest.class, 0, 2);
    private static final int HTTP_PORT = PORT + 1;

    @RegisterExtension
    static final QuarkusDevModeTest dev = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClass(CustomerOrderMeters.class).addAsResource(new StringAsset(
                    "quarkus.http.port=" + HTTP_PORT + "\nquarkus.prometheus.export.port=" + PORT + "\n"),
                    "application.properties"));

    DevUiJsonRpcMethodsTest() {
        super("quarkus-prometheus-export", "http://localhost:" + HTTP_PORT);
    }

    /**
     * One test method: QuarkusDevModeTest starts the application in dev mode again for each, which costs most of a
     * minute on the shared build machine.
     */
    @Test
    void methodsAnswerWhatThePageShowsAndRejectBadParametersClearly() throws Exception {
        familiesShowSeriesAndTheLabelWithTheMostValues();
        filterIsACaseInsensitiveRegularExpressionAndTheBiggestComeFirst();
        badFilterGetsAClearErrorInsteadOfAStackTrace();
        endpointsSayWhereTheMetricsAreAndWhyTheExporterIsOff();
        lastScrapeHasTheDurationAndTheSizeOfTheBody();
    }

    private void familiesShowSeriesAndTheLabelWithTheMostValues() throws Exception {
        JsonNode list = executeJsonRPCMethod("getFamilies", Map.of("filter", "^devui_"));
        assertFalse(list.hasNonNull("error"), list.toString());
        assertEquals(1, list.get("matched").asInt(), list.toString());
        assertTrue(list.get("total").asInt() > 20, "JVM and system families are counted too: " + list);
        assertFalse(list.get("truncated").asBoolean());
        JsonNode family = list.get("families").get(0);
        assertEquals("devui_orders_total", family.get("name").asText());
        assertEquals("counter", family.get("type").asText());
        assertEquals("Orders placed, by customer and region", family.get("help").asText());
        assertEquals(CustomerOrderMeters.CUSTOMERS, family.get("series").asInt());
        assertEquals("customer", family.get("topLabel").asText());
        assertEquals(CustomerOrderMeters.CUSTOMERS, family.get("topLabelValues").asInt());
    }

    private void filterIsACaseInsensitiveRegularExpressionAndTheBiggestComeFirst() throws Exception {
        JsonNode list = executeJsonRPCMethod("getFamilies", Map.of("filter", "ORDERS|jvm_threads"));
        JsonNode families = list.get("families");
        assertTrue(families.size() > 1, list.toString());
        assertEquals("devui_orders_total", families.get(0).get("name").asText(), "most series first: " + list);
        for (JsonNode family : families) {
            assertTrue(family.get("name").asText().matches("devui_orders_total|jvm_threads.*"), family.toString());
        }
    }

    private void badFilterGetsAClearErrorInsteadOfAStackTrace() throws Exception {
        JsonNode bad = executeJsonRPCMethod("getFamilies", Map.of("filter", "jvm_(threads"));
        assertEquals("The filter \"jvm_(threads\" is not a valid regular expression: Unclosed group at index 12."
                + " Example: \"^http_server\"", bad.get("error").asText());
        assertEquals(0, bad.get("families").size());

        Map<String, Object> missing = new HashMap<>();
        missing.put("filter", null);
        JsonNode none = executeJsonRPCMethod("getFamilies", missing);
        assertTrue(none.get("error").asText().startsWith("The filter is missing: send \"\" to list every family"),
                none.toString());
    }

    private void endpointsSayWhereTheMetricsAreAndWhyTheExporterIsOff() throws Exception {
        JsonNode endpoints = executeJsonRPCMethod("getEndpoints");
        JsonNode route = endpoints.get("route");
        assertEquals("/q/metrics", route.get("path").asText());
        assertEquals("main", route.get("server").asText());
        assertEquals("http://localhost:" + HTTP_PORT + "/q/metrics", route.get("url").asText());
        JsonNode exporter = endpoints.get("exporter");
        assertTrue(exporter.get("configured").asBoolean());
        assertEquals("quarkus.prometheus.export.port", exporter.get("key").asText());
        assertEquals(String.valueOf(PORT), exporter.get("value").asText());
        assertTrue(exporter.get("status").asText().startsWith("Off in dev mode: live reload restarts the application"
                + " inside the same JVM, so the metrics stay on the route (http://localhost:" + HTTP_PORT + "/q/metrics)"),
                exporter.toString());
        assertTrue(Ports.isFree(PORT), "the exporter's port stays free in dev mode");
    }

    private void lastScrapeHasTheDurationAndTheSizeOfTheBody() throws Exception {
        HttpResponse<String> scrape = Http.get(URI.create("http://localhost:" + HTTP_PORT + "/q/metrics"),
                Duration.ofSeconds(10));
        assertEquals(200, scrape.statusCode());
        JsonNode endpoints = executeJsonRPCMethod("getLastScrapes");
        assertEquals(1, endpoints.size(), "only the route in dev mode: " + endpoints);
        JsonNode route = endpoints.get(0);
        assertEquals("route", route.get("endpoint").asText());
        assertTrue(route.get("scrapes").asLong() >= 1, route.toString());
        JsonNode last = route.get("last");
        assertEquals("ok", last.get("result").asText());
        assertTrue(last.get("durationMillis").asDouble() > 0, last.toString());
        assertFalse(last.get("gzip").asBoolean());
        // The body is ASCII: its length in characters is its size in bytes.
        assertEquals(scrape.body().length(), last.get("bytes").asLong(), last.toString());
    }
}
