package io.github.promexport.micrometer.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.github.promexport.deployment.Exposition;
import io.github.promexport.deployment.PostgresTestResource;
import io.github.promexport.deployment.Promtool;
import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * quarkus-micrometer's binders and other extensions' MetricsFactory metrics, as a migrating team has them: the Agroal
 * pool of a real PostgreSQL, the REST client calling the application, the scheduled job, on the main route and on the
 * dedicated port, every series once, and promtool warning about nothing but quarkus-micrometer's and Agroal's own
 * names (listed in the migration guide).
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class ExtensionsMetricsOnBothEndpointsTest {

    /**
     * promtool's warnings on names chosen by quarkus-micrometer, Agroal and the scheduler (listed in the migration
     * guide); any other warning fails the test.
     */
    static final Set<String> THEIR_NAMES_WARNED = Set.of(
            "agroal_active_count non-histogram and non-summary metrics should not have \"_count\" suffix",
            "agroal_available_count non-histogram and non-summary metrics should not have \"_count\" suffix",
            "agroal_awaiting_count non-histogram and non-summary metrics should not have \"_count\" suffix",
            "agroal_max_used_count non-histogram and non-summary metrics should not have \"_count\" suffix",
            "agroal_blocking_time_average_milliseconds use base unit \"seconds\" instead of \"milliseconds\"",
            "agroal_blocking_time_max_milliseconds use base unit \"seconds\" instead of \"milliseconds\"",
            "agroal_blocking_time_total_milliseconds use base unit \"seconds\" instead of \"milliseconds\"",
            "agroal_creation_time_average_milliseconds use base unit \"seconds\" instead of \"milliseconds\"",
            "agroal_creation_time_max_milliseconds use base unit \"seconds\" instead of \"milliseconds\"",
            "agroal_creation_time_total_milliseconds use base unit \"seconds\" instead of \"milliseconds\"",
            "http_client_requests_seconds label names should be written in 'snake_case' not 'camelCase'",
            "http_client_requests_seconds no help text",
            "http_client_requests_seconds_max label names should be written in 'snake_case' not 'camelCase'",
            "http_client_requests_seconds_max no help text",
            "http_server_active_requests no help text",
            "netty_allocator_memory_pinned no help text",
            "netty_allocator_memory_used no help text",
            "netty_allocator_pooled_arenas no help text",
            "netty_allocator_pooled_cache_size no help text",
            "netty_allocator_pooled_chunk_size no help text",
            "netty_allocator_pooled_threadlocal_caches no help text",
            "netty_eventexecutor_tasks_pending no help text",
            "process_cpu_time_ns_total metric names should not contain abbreviated units",
            "scheduled_methods_running_seconds no help text",
            "scheduled_methods_running_seconds_max no help text",
            "scheduled_methods_seconds no help text",
            "scheduled_methods_seconds_max no help text",
            "system_cpu_count non-histogram and non-summary metrics should not have \"_count\" suffix");

    @Inject
    PrometheusExporterEndpoint exporter;

    @Inject
    Heartbeat heartbeat;

    @Test
    void poolClientAndSchedulerMetricsOnTheRouteAndTheDedicatedPortOnce() throws Exception {
        given().get("/relay/ada").then().statusCode(200);
        given().get("/relay/bob").then().statusCode(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (heartbeat.beats() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(heartbeat.beats() >= 2, "the scheduled job ran twice");

        String route = Exposition.scrape();
        String dedicated = scrapeDedicatedPort();
        for (String body : List.of(route, dedicated)) {
            assertNothingTwice(body);
            assertFalse(Exposition.samples(body, "agroal_active_count").isEmpty(), body);
            assertFalse(Exposition.samples(body, "agroal_acquire_count_total").isEmpty(), body);
            List<String> client = Exposition.samples(body, "http_client_requests_seconds_count",
                    "uri=\"/hello/{name}\"");
            assertEquals(1, client.size(), body);
            assertEquals(2.0, Exposition.value(client.get(0)));
            assertFalse(Exposition.samples(body, "scheduled_methods_seconds_count", "method=\"beat\"").isEmpty(), body);
            assertFalse(Exposition.samples(body, "vertx_event_loop_delay_seconds").isEmpty(), body);
            assertTrue(body.contains("application=\"prometheus-export-micrometer-demo\""), body);
            assertOnlyTheirNamesWarned(Promtool.checkMetrics(body));
        }
    }

    private String scrapeDedicatedPort() throws Exception {
        URI url = exporter.url().orElseThrow(() -> new AssertionError("no dedicated exporter"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    static void assertNothingTwice(String exposition) {
        Map<String, Integer> seen = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                seen.merge("family " + line.split(" ")[2], 1, Integer::sum);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                seen.merge(line.substring(0, line.lastIndexOf(' ')), 1, Integer::sum);
            }
        }
        List<String> twice = new ArrayList<>();
        seen.forEach((key, count) -> {
            if (count > 1) {
                twice.add(key + " x" + count);
            }
        });
        assertEquals(List.of(), twice, "exposed more than once");
    }

    static void assertOnlyTheirNamesWarned(Promtool.Result result) {
        List<String> others = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            if (!line.isBlank() && !THEIR_NAMES_WARNED.contains(line.strip())) {
                others.add(line);
            }
        }
        assertEquals(List.of(), others, "promtool (exit " + result.exitCode() + "):\n" + result.output());
    }
}
