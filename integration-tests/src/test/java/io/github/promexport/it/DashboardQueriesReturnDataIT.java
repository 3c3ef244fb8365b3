package io.github.promexport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.promexport.it.GrafanaDashboard.Panel;
import io.github.promexport.it.GrafanaDashboard.Target;
import io.github.promexport.it.GrafanaDashboard.Variable;

/**
 * Every query of every panel of the Grafana dashboard (docs/dashboards) returns data from a real Prometheus
 * (Debian's package) that scrapes the packaged demo through the dedicated exporter while the demo serves
 * greetings, 404s and 500s. The template variables are resolved as Grafana resolves them (their
 * {@code label_values} queries run against the same Prometheus), and the Grafana built-ins get the values a
 * short time range with a one-second scrape interval gives them.
 */
class DashboardQueriesReturnDataIT {

    /** The job of {@link PrometheusServer}'s file_sd configuration. */
    static final String JOB = "demo";
    /**
     * What Grafana puts in place of its built-in variables for the last five minutes at a 1 s scrape interval (its
     * $__rate_interval is at least four scrape intervals; 20 s keeps several samples in every window).
     */
    static final Map<String, String> GRAFANA_BUILT_INS = Map.of("__rate_interval", "20s", "__interval", "5s",
            "__range", "5m");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final ObjectMapper JSON = new ObjectMapper();
    /** The routes the load exercises: templated routes, one 404 and one 500. */
    static final List<String> ROUTES = List.of("/hello", "/hello/ada", "/hello/grace", "/no-such-route", "/fail");

    @TempDir
    Path workDir;

    @Test
    void everyPanelQueryReturnsSeriesFromPrometheusScrapingTheLoadedDemo() throws Exception {
        GrafanaDashboard dashboard = GrafanaDashboard.load();
        Path targets = Files.createDirectories(workDir.resolve("targets"));
        // The demo and Prometheus start side by side; the demo writes its file_sd target file, where Prometheus finds it.
        try (DemoProcess demo = DemoProcess.start("dashboard", Map.of(
                "quarkus.prometheus.export.port", "0",
                "quarkus.prometheus.export.address", "127.0.0.1",
                "quarkus.prometheus.export.file-sd.directory", targets.toString(),
                // the worker pool's completed and rejected task counters exist only with JBoss Threads statistics
                "jboss.threads.eqe.statistics", "true"));
                PrometheusServer prometheus = PrometheusServer.start(workDir, targets, "/metrics")) {
            assertTrue(demo.awaitStarted(Duration.ofSeconds(60)), "the demo exited: see " + demo.log);
            // The GC panels need a collection since startup, which a long-running application always has had; a
            // short-lived demo may not, so ask for one (in parallel with the load) instead of hoping.
            Process gc = collectGarbage(demo.pid());
            try (Load load = Load.start(demo.httpUrl())) {
                awaitData(prometheus, load);
                awaitExit(gc);

                Map<String, String> values = new HashMap<>(GRAFANA_BUILT_INS);
                Map<String, List<String>> found = new HashMap<>();
                for (Variable variable : dashboard.variables()) {
                    List<String> options = labelValues(prometheus, variable, values);
                    assertTrue(!options.isEmpty(), () -> "$" + variable.name() + " offers no value: " + variable.query());
                    found.put(variable.name(), options);
                    if (variable.name().equals("job")) {
                        assertTrue(options.contains(JOB), () -> "$job offers the demo's job: " + options);
                        values.put("job", GrafanaDashboard.interpolate(variable, List.of(JOB), false));
                    } else {
                        values.put(variable.name(), GrafanaDashboard.interpolate(variable, options, true));
                    }
                }
                assertTrue(found.get("uri").containsAll(List.of("/hello", "/hello/{name}", "NOT_FOUND", "/fail")),
                        () -> "$uri offers the route templates, never raw paths: " + found.get("uri"));
                assertEquals(List.of("127.0.0.1:" + demo.exporterPort()), found.get("instance"));

                List<String> failures = new ArrayList<>();
                int queries = 0;
                for (Panel panel : dashboard.queryPanels()) {
                    for (Target target : panel.targets()) {
                        failures.addAll(check(prometheus, panel, target, values, "every variable on All"));
                        queries++;
                    }
                }
                // The HTTP panels again, with every uri ticked in the variable's drop-down instead of All: Grafana then
                // escapes the values (the braces of /hello/{name}) and joins them into one regex.
                Variable uri = dashboard.variables().stream().filter(v -> v.name().equals("uri")).findFirst().orElseThrow();
                Map<String, String> picked = new HashMap<>(values);
                picked.put("uri", GrafanaDashboard.interpolate(uri, found.get("uri"), false));
                for (Panel panel : dashboard.queryPanels()) {
                    for (Target target : panel.targets()) {
                        if (GrafanaDashboard.references(target.expr()).contains("uri")) {
                            failures.addAll(check(prometheus, panel, target, picked, "uri=" + picked.get("uri")));
                            queries++;
                        }
                    }
                }
                assertTrue(queries >= 40, "the dashboard's queries ran: " + queries);
                assertTrue(failures.isEmpty(), () -> failures.size() + " dashboard queries returned no data:\n"
                        + String.join("\n", failures));
                assertEquals(0, load.unexpected.get(), () -> "requests answered with an unexpected status, of "
                        + load.sent.get() + " (" + load.failed.get() + " timed out or failed to connect)");
            }
        }
    }

    /** Why a target's query returned no data, or nothing when it returned a series with a value. */
    private static List<String> check(PrometheusServer prometheus, Panel panel, Target target,
            Map<String, String> values, String selection) throws Exception {
        String promql = GrafanaDashboard.substitute(target.expr(), values);
        String where = panel + " target " + target.refId() + " (" + selection + "): " + promql;
        HttpResponse<String> response = PrometheusServer.get(prometheus.url + "/api/v1/query?query=" + encode(promql));
        if (response.statusCode() != 200) {
            return List.of(where + "\n    Prometheus answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode result = JSON.readTree(response.body()).path("data").path("result");
        if (result.isEmpty()) {
            return List.of(where + "\n    no series");
        }
        for (JsonNode series : result) {
            if (!"NaN".equals(series.path("value").path(1).asText())) {
                return List.of();
            }
        }
        return List.of(where + "\n    only NaN: " + result);
    }

    /** The values of a {@code label_values(selector, label)} variable, as Grafana asks Prometheus for them. */
    private static List<String> labelValues(PrometheusServer prometheus, Variable variable, Map<String, String> values)
            throws Exception {
        String url = prometheus.url + "/api/v1/label/" + variable.label() + "/values";
        if (variable.selector() != null) {
            url += "?match[]=" + encode(GrafanaDashboard.substitute(variable.selector(), values));
        }
        HttpResponse<String> response = PrometheusServer.get(url);
        assertEquals(200, response.statusCode(), () -> "$" + variable.name() + ": " + response.body());
        List<String> options = new ArrayList<>();
        JSON.readTree(response.body()).path("data").forEach(value -> options.add(value.asText()));
        return options;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Waits until Prometheus holds enough of the load for every rate window: at least three scrapes of the demo,
     * the 500s of /fail and the requested collection among them.
     */
    private static void awaitData(PrometheusServer prometheus, Load load) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        String ready = "count_over_time(up{job=\"" + JOB + "\"}[1m]) >= 3"
                + " and on() count(http_server_requests_seconds_count{job=\"" + JOB + "\", uri=\"/fail\"}) > 0"
                + " and on() count(jvm_gc_pause_seconds_count{job=\"" + JOB + "\", cause=\"Diagnostic Command\"}) > 0";
        while (System.nanoTime() < deadline) {
            if (!prometheus.query(ready).isEmpty()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus never scraped the loaded demo (" + load.sent.get() + " requests sent, "
                + load.failed.get() + " failed): "
                + prometheus.query("up") + "\n" + prometheus.log());
    }

    /** Starts {@code jcmd <pid> GC.run}: a full collection of the demo, as {@code System.gc()} would. */
    private static Process collectGarbage(long pid) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "GC.run").redirectErrorStream(true).start();
    }

    private static void awaitExit(Process jcmd) throws Exception {
        String output = new String(jcmd.getInputStream().readAllBytes());
        if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly().waitFor();
            throw new AssertionError("jcmd GC.run did not end within 30 s: " + output);
        }
        assertEquals(0, jcmd.exitValue(), () -> "jcmd GC.run: " + output);
    }

    /** Requests to every route in turn from one thread, about fifty a second, until closed. */
    static final class Load implements AutoCloseable {

        final AtomicLong sent = new AtomicLong();
        /** Answers with another status than the route's: a broken demo. */
        final AtomicLong unexpected = new AtomicLong();
        /** Requests that timed out or could not connect (an overloaded machine); only reported. */
        final AtomicLong failed = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        private Load(String baseUrl) {
            thread = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    String route = ROUTES.get(i % ROUTES.size());
                    try {
                        int status = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + route))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        int expected = route.equals("/fail") ? 500 : route.equals("/no-such-route") ? 404 : 200;
                        if (status != expected) {
                            unexpected.incrementAndGet();
                        }
                        sent.incrementAndGet();
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                }
            }, "dashboard-load");
            thread.setDaemon(true);
        }

        static Load start(String baseUrl) {
            Load load = new Load(baseUrl);
            load.thread.start();
            return load;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(15));
        }
    }
}
