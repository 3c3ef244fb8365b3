package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import javax.net.ssl.SSLContext;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.github.promexport.runtime.exporter.DedicatedExporter;
import io.quarkus.test.QuarkusUnitTest;

/**
 * {@code tls-configuration-name} names a PEM certificate of the TLS registry: the exporter serves HTTPS only, its
 * URL (logged and published) says {@code https}, and the bearer token is checked inside the TLS connection.
 */
class DedicatedPortServesHttpsFromTlsRegistryTest {

    private static final Path DIR = Path.of("target", "certs",
            DedicatedPortServesHttpsFromTlsRegistryTest.class.getSimpleName());
    private static final TestCertificates.Generated CERT = TestCertificates.generate(DIR, "exporter");

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(TestCertificates.class, TestCertificates.Generated.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "9400")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.tls-configuration-name", "metrics")
            .overrideConfigKey("quarkus.tls.metrics.key-store.pem.0.cert", CERT.certPem().toAbsolutePath().toString())
            .overrideConfigKey("quarkus.tls.metrics.key-store.pem.0.key", CERT.keyPem().toAbsolutePath().toString())
            .overrideRuntimeConfigKey("quarkus.prometheus.export.auth.bearer-token", "t0ken")
            .setLogRecordPredicate(r -> r.getLoggerName().equals(DedicatedExporter.class.getName())
                    && r.getLevel().intValue() == Level.INFO.intValue())
            .assertLogRecords(records -> {
                List<String> lines = records.stream().map(r -> ((ExtLogRecord) r).getFormattedMessage()).toList();
                assertEquals(1, lines.size(), lines::toString);
                assertTrue(lines.get(0).matches(".*https://127\\.0\\.0\\.1:\\d+/metrics.*"), lines.get(0));
            });

    @Inject
    PrometheusExporterEndpoint endpoint;

    private static HttpResponse<String> get(SSLContext tls, URI uri, String... headers) throws IOException {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            builder.sslContext(tls);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return builder.build().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void publishesAnHttpsUrl() {
        assertEquals("https", endpoint.url().orElseThrow().getScheme());
    }

    @Test
    void servesTheScrapeOverHttpsToAClientThatTrustsTheCertificate() throws IOException {
        SSLContext trusting = TestCertificates.clientContext(List.of(CERT.p12()), null);
        URI metrics = endpoint.url().orElseThrow();
        HttpResponse<String> response = get(trusting, metrics, "Authorization", "Bearer t0ken");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("# TYPE jvm_"), response.body());
        assertEquals(401, get(trusting, metrics).statusCode());
        assertEquals(200, get(trusting, metrics.resolve("/-/healthy")).statusCode());
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() {
        assertThrows(IOException.class,
                () -> get(SSLContext.getDefault(), endpoint.url().orElseThrow(), "Authorization", "Bearer t0ken"));
    }

    @Test
    void plainHttpIsNotServed() throws IOException {
        URI plain = URI.create(endpoint.url().orElseThrow().toString().replaceFirst("^https:", "http:"));
        try {
            HttpResponse<String> response = get(null, plain, "Authorization", "Bearer t0ken");
            assertTrue(response.statusCode() >= 400, () -> "plain HTTP got " + response.statusCode());
        } catch (IOException expected) {
            // The TLS port closes a connection that does not start with a handshake.
        }
        SSLContext trusting = TestCertificates.clientContext(List.of(CERT.p12()), null);
        assertEquals(200, get(trusting, endpoint.url().orElseThrow(), "Authorization", "Bearer t0ken").statusCode(),
                "the exporter still serves HTTPS afterwards");
    }
}
