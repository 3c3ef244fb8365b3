package io.github.promexport.deployment.binder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.function.DoubleSupplier;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.binder.http.ExchangeEnds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.ext.web.Router;

/**
 * A client that hangs up before the response, mid-body or after sending a whole request that is never answered, ends
 * its request's measurement exactly once: the active-requests gauge goes back to 0 and the request is counted once
 * in {@code http_server_requests_seconds}, as Vert.x's metrics SPI reports the exchange's end ({@link ExchangeEnds}).
 */
class ClientHangingUpEndsItsRequestMeasurementOnceTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Routes.class))
            .overrideConfigKey("quarkus.http.test-port", "0");

    public static class Routes {
        void register(@Observes Router router) {
            // Answers once the whole body is there, which never happens when the client hangs up mid-body.
            router.post("/upload").handler(ctx -> ctx.request().body().onSuccess(body -> ctx.end("" + body.length())));
            // Never answers.
            router.get("/never").handler(ctx -> {
            });
        }
    }

    @TestHTTPResource("/")
    URL root;

    @Inject
    MeterRegistry registry;

    @Inject
    Vertx vertx;

    @Test
    void exchangeEndsAreReportedByVertxMetrics() {
        assertInstanceOf(ExchangeEnds.class, ((VertxInternal) vertx).metricsSPI());
    }

    @Test
    void hangingUpMidBodyEndsTheMeasurementOnce() throws Exception {
        hangUpAfter("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nonly a few bytes");
        awaitEqual(1.0, () -> count("/upload"), "requests to /upload counted");
        awaitEqual(0.0, this::active, "active requests");
    }

    @Test
    void hangingUpBeforeTheResponseEndsTheMeasurementOnce() throws Exception {
        hangUpAfter("GET /never HTTP/1.1\r\nHost: localhost\r\n\r\n");
        awaitEqual(1.0, () -> count("/never"), "requests to /never counted");
        awaitEqual(0.0, this::active, "active requests");
    }

    /** Sends the bytes, waits until the request is in flight, then closes the connection. */
    private void hangUpAfter(String request) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), root.getPort())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            awaitEqual(1.0, this::active, "active requests while the client is connected");
        }
    }

    private double active() {
        return registry.get("http.server.active.requests").gauge().value();
    }

    private double count(String uri) {
        return registry.find("http.server.requests").tag("uri", uri).timers().stream().mapToLong(Timer::count).sum();
    }

    /** Polls for at most 30 s: the end is reported on the event loop, after the connection's close is seen. */
    private static void awaitEqual(double expected, DoubleSupplier actual, String what)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (actual.getAsDouble() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // A second look after a pause: a count that overshoots (ended twice) shows here too.
        Thread.sleep(200);
        assertEquals(expected, actual.getAsDouble(), what);
    }
}
