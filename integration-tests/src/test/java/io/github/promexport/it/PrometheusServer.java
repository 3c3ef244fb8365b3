package io.github.promexport.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * A real Prometheus server (Debian's prometheus package), on loopback, with a temporary configuration and data
 * directory, discovering its targets from a file_sd directory. Stopped by its own process id.
 */
final class PrometheusServer implements AutoCloseable {

    private final Process process;
    private final Path log;
    final String url;

    private PrometheusServer(Process process, Path log, String url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    static PrometheusServer start(Path workDir, Path fileSdDirectory, String metricsPath)
            throws IOException, InterruptedException {
        return start(workDir, String.join("\n",
                "  - job_name: demo",
                "    metrics_path: " + metricsPath,
                "    file_sd_configs:",
                "      - files: ['" + fileSdDirectory.toAbsolutePath() + "/*.json']",
                "        refresh_interval: 1s",
                ""));
    }

    /**
     * Starts with the given {@code scrape_configs} entries (YAML, each starting with {@code "  - job_name:"}), scraped
     * every second.
     */
    static PrometheusServer start(Path workDir, String scrapeConfigs) throws IOException, InterruptedException {
        int port = DemoProcess.freePortBlock(1);
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "scrape_configs:",
                scrapeConfigs));
        Path log = workDir.resolve("prometheus.log");
        Process process = new ProcessBuilder(System.getProperty("prometheus", "prometheus"),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, log, "http://127.0.0.1:" + port);
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited:\n" + Files.readString(log));
            }
            try {
                if (RestAssured.get(url + "/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (Exception notYet) {
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus not ready:\n" + Files.readString(log));
    }

    /** The result vector of an instant query: each element has "metric" (labels) and "value" ([time, "value"]). */
    List<Map<String, Object>> query(String promql) {
        String body = RestAssured.given().queryParam("query", promql).get(url + "/api/v1/query").then().statusCode(200)
                .extract().asString();
        return JsonPath.from(body).getList("data.result");
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
