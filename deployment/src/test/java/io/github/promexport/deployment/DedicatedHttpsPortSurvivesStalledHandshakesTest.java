package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Hundreds of connections that never start their TLS handshake cost the HTTPS exporter no thread: a scrape is
 * answered while they are open, and the TLS configuration's handshake timeout closes them.
 */
class DedicatedHttpsPortSurvivesStalledHandshakesTest {

    private static final int STALLED = 300;
    private static final Path DIR = Path.of("target", "certs",
            DedicatedHttpsPortSurvivesStalledHandshakesTest.class.getSimpleName());
    private static final TestCertificates.Generated CERT = TestCertificates.generate(DIR, "exporter");

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(TestCertificates.class, TestCertificates.Generated.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "9400")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.tls-configuration-name", "stall")
            .overrideConfigKey("quarkus.tls.stall.key-store.pem.0.cert", CERT.certPem().toAbsolutePath().toString())
            .overrideConfigKey("quarkus.tls.stall.key-store.pem.0.key", CERT.keyPem().toAbsolutePath().toString())
            .overrideConfigKey("quarkus.tls.stall.handshake-timeout", "2s");

    @Inject
    PrometheusExporterEndpoint endpoint;

    @Test
    void scrapesAreAnsweredAndStalledHandshakesAreClosed() throws Exception {
        URI metrics = endpoint.url().orElseThrow();
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress(metrics.getHost(), metrics.getPort()), 5000);
                stalled.add(socket);
            }
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(TestCertificates.clientContext(List.of(CERT.p12()), null))
                    .connectTimeout(Duration.ofSeconds(2)).build();
            for (URI uri : List.of(metrics, metrics.resolve("/-/healthy"))) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), uri::toString);
            }

            int closed = 0;
            for (Socket socket : stalled) {
                // The handshake timeout (2 s) closes them; 15 s bounds the wait for each.
                socket.setSoTimeout(15_000);
                try {
                    if (socket.getInputStream().read() == -1) {
                        closed++;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    break;
                } catch (IOException reset) {
                    closed++;
                }
            }
            assertEquals(STALLED, closed, "every stalled handshake is closed by the server");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }
}
