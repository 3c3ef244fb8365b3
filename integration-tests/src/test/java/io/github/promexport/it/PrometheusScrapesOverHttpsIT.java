package io.github.promexport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes the demo's dedicated exporter over HTTPS (certificate from the TLS registry, a PKCS12 key
 * store made with keytool; Prometheus trusts it through {@code tls_config.ca_file}) with each form of credentials a
 * {@code scrape_config} can send: {@code basic_auth}, {@code authorization.credentials} and the older
 * {@code bearer_token}. Each reports {@code up == 1}; wrong or missing credentials report {@code up == 0}.
 */
class PrometheusScrapesOverHttpsIT {

    private static final String PASSWORD = "changeit";
    private static final String TOKEN = "4f1c0ffee0ddba11";

    @TempDir
    Path workDir;

    private DemoProcess demo;

    @AfterEach
    void stop() throws InterruptedException {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void prometheusScrapesOverHttpsWithBasicAuthAndBearerToken() throws Exception {
        Path keyStore = workDir.resolve("exporter.p12");
        Path ca = workDir.resolve("exporter-ca.crt");
        keytool("-genkeypair", "-alias", "exporter", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "exporter", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", ca.toString());

        int port = DemoProcess.freePortBlock(1);
        demo = DemoProcess.start("https-auth", Map.of(
                "quarkus.prometheus.export.port", String.valueOf(port),
                "quarkus.prometheus.export.address", "127.0.0.1",
                "quarkus.prometheus.export.tls-configuration-name", "metrics-tls",
                "quarkus.tls.metrics-tls.key-store.p12.path", keyStore.toString(),
                "quarkus.tls.metrics-tls.key-store.p12.password", PASSWORD,
                "quarkus.prometheus.export.auth.basic.username", "prometheus",
                "quarkus.prometheus.export.auth.basic.password", "s3cret-pa55",
                "quarkus.prometheus.export.auth.bearer-token", TOKEN));
        assertTrue(demo.awaitStarted(Duration.ofSeconds(60)), "the demo exited; its log: " + demo.log.toAbsolutePath());
        assertEquals("https://127.0.0.1:" + port + "/metrics", demo.exporterUrl());

        Map<String, String> jobs = new TreeMap<>();
        jobs.put("basic", "    basic_auth: {username: prometheus, password: s3cret-pa55}\n");
        jobs.put("authorization", "    authorization: {credentials: " + TOKEN + "}\n");
        jobs.put("bearer-token", "    bearer_token: " + TOKEN + "\n");
        jobs.put("wrong-password", "    basic_auth: {username: prometheus, password: s3cret-pa56}\n");
        jobs.put("wrong-token", "    authorization: {credentials: " + TOKEN + "0}\n");
        jobs.put("no-credentials", "");
        StringBuilder scrapeConfigs = new StringBuilder();
        jobs.forEach((job, credentials) -> scrapeConfigs.append("  - job_name: ").append(job).append('\n')
                .append("    scheme: https\n")
                .append("    tls_config: {ca_file: '").append(ca.toAbsolutePath()).append("'}\n")
                .append(credentials)
                .append("    static_configs: [{targets: ['127.0.0.1:").append(port).append("']}]\n"));

        try (PrometheusServer prometheus = PrometheusServer.start(workDir, scrapeConfigs.toString())) {
            Map<String, Double> expected = Map.of("basic", 1.0, "authorization", 1.0, "bearer-token", 1.0,
                    "wrong-password", 0.0, "wrong-token", 0.0, "no-credentials", 0.0);
            Map<String, Double> up = Map.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                up = upByJob(prometheus.query("up"));
                if (up.equals(expected)) {
                    break;
                }
                Thread.sleep(500);
            }
            Map<String, Double> last = up;
            assertEquals(expected, up, () -> "up by job: " + last + "; targets: "
                    + io.restassured.RestAssured.get(prometheus.url + "/api/v1/targets").asString());
            assertEquals(1, prometheus.query("jvm_threads_live_threads{job=\"basic\"}").size(),
                    "the authenticated scrape brought the application's metrics");
            assertEquals(0, prometheus.query("jvm_threads_live_threads{job=\"wrong-password\"}").size());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> upByJob(List<Map<String, Object>> result) {
        Map<String, Double> up = new TreeMap<>();
        for (Map<String, Object> sample : result) {
            Map<String, String> labels = (Map<String, String>) sample.get("metric");
            List<Object> value = (List<Object>) sample.get("value");
            up.put(labels.get("job"), Double.parseDouble(String.valueOf(value.get(1))));
        }
        return up;
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + output);
        }
    }
}
