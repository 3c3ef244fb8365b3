package io.github.promexport.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server finds three processes of the demo through the file_sd directory they write, scrapes
 * each on its own port, and sees the values the application counted.
 */
class PrometheusDiscoversProcessesIT {

    @TempDir
    Path workDir;

    private final List<DemoProcess> processes = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (DemoProcess process : processes) {
            process.close();
        }
    }

    @Test
    void prometheusScrapesEveryProcessFoundThroughFileSd() throws Exception {
        Path targets = Files.createDirectories(workDir.resolve("targets"));
        int first = DemoProcess.freePortBlock(3);
        for (int i = 0; i < 3; i++) {
            processes.add(DemoProcess.start("file-sd-" + i, Map.of(
                    "quarkus.prometheus.export.port-range", first + "-" + (first + 2),
                    "quarkus.prometheus.export.address", "127.0.0.1",
                    "quarkus.prometheus.export.file-sd.directory", targets.toString())));
        }
        for (DemoProcess process : processes) {
            assertTrue(process.awaitStarted(Duration.ofSeconds(60)), process::toString);
        }
        assertEquals(3, jsonFiles(targets).size(), "one target file per process");

        DemoProcess counted = processes.get(1);
        for (int i = 0; i < 7; i++) {
            given().get(counted.httpUrl() + "/hello").then().statusCode(200);
        }

        // A scrape configuration whose metrics_path is wrong: the targets' own __metrics_path__ label must win.
        try (PrometheusServer prometheus = PrometheusServer.start(workDir, targets, "/not-the-metrics-path")) {
            List<Map<String, Object>> up = await(() -> prometheus.query("up{job=\"demo\"}"),
                    result -> result.size() == 3 && result.stream().allMatch(r -> value(r) == 1.0),
                    Duration.ofSeconds(60), prometheus);
            assertEquals(3, up.size());

            List<Map<String, Object>> greetings = await(() -> prometheus.query("demo_greetings_total{job=\"demo\"}"),
                    result -> result.size() == 1 && value(result.get(0)) == 7.0, Duration.ofSeconds(30), prometheus);
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) greetings.get(0).get("metric");
            assertTrue(labels.get("instance").endsWith(":" + counted.exporterPort()),
                    () -> "the counter comes from the process that counted it: " + labels);
        }

        for (DemoProcess process : processes) {
            process.close();
        }
        assertEquals(List.of(), jsonFiles(targets), "a process removes its target file when it stops cleanly");
    }

    private static List<Path> jsonFiles(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".json")).toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static double value(Map<String, Object> sample) {
        List<Object> value = (List<Object>) sample.get("value");
        return Double.parseDouble(String.valueOf(value.get(1)));
    }

    private static List<Map<String, Object>> await(java.util.function.Supplier<List<Map<String, Object>>> query,
            Predicate<List<Map<String, Object>>> done, Duration timeout, PrometheusServer prometheus) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Map<String, Object>> last = List.of();
        while (System.nanoTime() < deadline) {
            last = query.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus never reported the expected result; last: " + last + "\n" + prometheus.log());
    }
}
