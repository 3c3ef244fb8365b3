package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Oversized or odd requests, sent as raw bytes to the main route and to the dedicated port: each gets the same
 * status code on both, and both serve a normal scrape right after. The limits are Quarkus's
 * {@code quarkus.http.limits.*} defaults (20 KiB of headers, a 4096-byte request line), which the exporter
 * applies too.
 */
@Timeout(60)
class OddRequestsGetTheSameStatusOnBothEndpointsTest {

    private static final String KIB_64 = "x".repeat(64 * 1024);
    private static final String MIB_1 = "x".repeat(1024 * 1024);

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Http.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "0");

    @Inject
    PrometheusExporterEndpoint endpoint;

    private static URI main() {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return URI.create("http://localhost:" + port + "/q/metrics");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "64 KiB header, 431",
            "1 MiB header, 431",
            "1 MiB URI, 414",
            "lowercase get, 405",
            "trailing slash, 200",
    })
    void sameStatusOnBothEndpointsAndServingGoesOn(String request, int status) throws Exception {
        URI exporter = endpoint.url().orElseThrow();
        assertEquals(status, send(main(), request), "main route");
        assertEquals(status, send(exporter, request), "dedicated port");
        assertEquals(200, Http.get(main(), Duration.ofSeconds(10)).statusCode());
        assertEquals(200, Http.get(exporter, Duration.ofSeconds(10)).statusCode());
    }

    private static String raw(String request, String path) {
        return switch (request) {
            case "64 KiB header" -> "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Filler: " + KIB_64 + "\r\n\r\n";
            case "1 MiB header" -> "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-Filler: " + MIB_1 + "\r\n\r\n";
            case "1 MiB URI" -> "GET " + path + "?filler=" + MIB_1 + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
            case "lowercase get" -> "get " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
            case "trailing slash" -> "GET " + path + "/ HTTP/1.1\r\nHost: localhost\r\n\r\n";
            default -> throw new IllegalArgumentException(request);
        };
    }

    /**
     * Sends the request from another thread (the server may answer and close before reading it all) and returns
     * the status code of the answer.
     */
    private static int send(URI uri, String request) throws Exception {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            byte[] bytes = raw(request, uri.getPath()).getBytes(StandardCharsets.US_ASCII);
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    // The server answered and closed before reading everything: the status says why.
                }
            });
            String statusLine = readLine(socket.getInputStream());
            sent.join();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private static String readLine(InputStream in) {
        StringBuilder line = new StringBuilder();
        try {
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("No status line; read so far: " + line, e);
        }
        return line.toString().trim();
    }
}
