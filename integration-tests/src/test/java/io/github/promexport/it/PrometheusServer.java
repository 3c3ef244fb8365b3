package io.github.promexport.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Prometheus server (Debian's prometheus package), on loopback, with a temporary configuration and data
 * directory, discovering its targets from a file_sd directory. Stopped by its own process id.
 */
final class PrometheusServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

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
                if (get(url + "/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus not ready:\n" + Files.readString(log));
    }

    /** The result vector of an instant query: each element has "metric" (labels) and "value" ([time, "value"]). */
    List<Map<String, Object>> query(String promql) {
        try {
            HttpResponse<String> response = get(
                    url + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new AssertionError("Prometheus answered " + response.statusCode() + " to " + promql + ": "
                        + response.body());
            }
            return JSON.convertValue(JSON.readTree(response.body()).path("data").path("result"), new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A GET with the JDK's client: the queries of a test cost milliseconds, where RestAssured's first request alone
     * takes seconds on a busy machine.
     */
    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
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
