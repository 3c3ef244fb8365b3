package io.github.promexport.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.promexport.deployment.Exposition;
import io.github.promexport.deployment.Promtool;

/** Assertions over a whole exposition that every test of this module makes: nothing appears twice. */
final class Meters {

    private Meters() {
    }

    /**
     * promtool's warnings about quarkus-micrometer's own meter names, listed in the guide: HTTP and Netty gauges
     * without a description, and two names of Micrometer's {@code ProcessorMetrics} that this extension's system binder
     * renames (it is off while quarkus-micrometer's is on).
     */
    static final Set<String> QUARKUS_MICROMETER_WARNINGS = Set.of(
            "http_server_active_requests no help text",
            "http_client_active_requests no help text",
            "netty_allocator_memory_pinned no help text",
            "netty_allocator_memory_used no help text",
            "netty_allocator_pooled_arenas no help text",
            "netty_allocator_pooled_cache_size no help text",
            "netty_allocator_pooled_chunk_size no help text",
            "netty_allocator_pooled_threadlocal_caches no help text",
            "netty_eventexecutor_tasks_pending no help text",
            "process_cpu_time_ns_total metric names should not contain abbreviated units",
            "system_cpu_count non-histogram and non-summary metrics should not have \"_count\" suffix");

    /** promtool parses the exposition and warns about nothing but quarkus-micrometer's names. */
    static void assertOnlyQuarkusMicrometersNamesWarned(Promtool.Result result) {
        List<String> others = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            if (!line.isBlank() && !QUARKUS_MICROMETER_WARNINGS.contains(line.strip())) {
                others.add(line);
            }
        }
        assertEquals(List.of(), others, "promtool (exit " + result.exitCode() + "):\n" + result.output());
        assertTrue(result.exitCode() == 0 || result.exitCode() == 3, "promtool failed to parse:\n" + result.output());
    }

    /** Every {@code # TYPE} family and every series (sample name and labels) appears exactly once. */
    static void assertNothingTwice(String exposition) {
        Map<String, Integer> types = new HashMap<>();
        Map<String, Integer> series = new HashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                types.merge(line.split(" ")[2], 1, Integer::sum);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                series.merge(line.substring(0, line.lastIndexOf(' ')), 1, Integer::sum);
            }
        }
        List<String> twice = new ArrayList<>();
        types.forEach((name, count) -> {
            if (count > 1) {
                twice.add("family " + name + " x" + count);
            }
        });
        series.forEach((name, count) -> {
            if (count > 1) {
                twice.add("series " + name + " x" + count);
            }
        });
        assertEquals(List.of(), twice, "families or series exposed more than once");
    }

    /**
     * Nothing appears twice and requests to {@code uri} (a template) were counted {@code count} times, in one series;
     * that series' line is returned for further checks.
     */
    static String assertRequestsCounted(String exposition, String uri, double count) {
        assertNothingTwice(exposition);
        List<String> requests = Exposition.samples(exposition, "http_server_requests_seconds_count",
                "uri=\"" + uri + "\"");
        assertEquals(1, requests.size(), exposition);
        assertEquals(count, Exposition.value(requests.get(0)), requests.get(0));
        return requests.get(0);
    }
}
