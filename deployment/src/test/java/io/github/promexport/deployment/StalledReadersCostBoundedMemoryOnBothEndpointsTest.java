package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.util.internal.PlatformDependent;
import io.quarkus.test.QuarkusUnitTest;

/**
 * 120 scrapers that request a large exposition (about 10 MB) and stop reading after the status line, on the main
 * route and on the dedicated port. Each stalled response holds a bounded amount of direct memory (a few chunks,
 * not the exposition); the scrapes waiting for them neither keep other scrapes from running nor exceed the scrape
 * threads' limit (the longest-stalled is evicted to make room), and both endpoints serve normally once the
 * readers hang up. The numbers are printed; run alone with
 * {@code -Dtest=StalledReadersCostBoundedMemoryOnBothEndpointsTest}.
 */
@Timeout(180)
class StalledReadersCostBoundedMemoryOnBothEndpointsTest {

    static final int SERIES = 50_000;
    /** A long label value, so that 50k series make a response larger than the loopback socket buffers. */
    static final String PADDING = "p".repeat(160);
    static final int STALLED = 120;

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Http.class, ManySeries.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "0");

    @Inject
    PrometheusExporterEndpoint endpoint;

    @Singleton
    public static class ManySeries implements MeterBinder {
        @Override
        public void bindTo(MeterRegistry registry) {
            for (int i = 0; i < SERIES; i++) {
                Gauge.builder("many.series", () -> 1).tag("index", i + PADDING).register(registry);
            }
            Gauge.builder("probe", () -> 1).register(registry);
        }
    }

    @Test
    void mainRoute() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        stallAndProbe("main route", URI.create("http://localhost:" + port + "/q/metrics"));
    }

    @Test
    void dedicatedPort() throws Exception {
        stallAndProbe("dedicated port", endpoint.url().orElseThrow());
    }

    private static void stallAndProbe(String name, URI metrics) throws Exception {
        URI probe = URI.create(metrics + "?name%5B%5D=probe");
        assertEquals(200, Http.get(probe, Duration.ofSeconds(10)).statusCode(), "warm-up");
        long directBefore = settledDirectMemory();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<Socket> readers = new ArrayList<>();
        try {
            byte[] request = ("GET " + metrics.getPath() + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < STALLED; i++) {
                Socket reader = new Socket();
                readers.add(reader);
                reader.setReceiveBufferSize(16 * 1024);
                reader.connect(new java.net.InetSocketAddress(metrics.getHost(), metrics.getPort()), 2000);
                reader.setSoTimeout(30_000);
                reader.getOutputStream().write(request);
                byte[] status = new byte[12];
                int read = reader.getInputStream().read(status);
                assertTrue(read > 0 && new String(status, 0, read, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"),
                        "the response started");
            }
            long directDuring = settledDirectMemory();
            int threadsDuring = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("%s: %d stalled readers of a %d-series exposition: direct memory %.1f -> %.1f MiB,"
                    + " threads %d -> %d%n", name, STALLED, SERIES, mib(directBefore), mib(directDuring), threadsBefore,
                    threadsDuring);

            long start = System.nanoTime();
            HttpResponse<String> answer = Http.get(probe, Duration.ofSeconds(1));
            System.out.printf("%s: probe answered in %d ms%n", name, (System.nanoTime() - start) / 1_000_000);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, answer.statusCode());
            assertTrue(answer.body().contains("probe "), answer.body());
            assertTrue(millis < 1000, "answered in " + millis + " ms");
            // Unbounded, each stalled response would hold most of its ~10 MB exposition. Bounded, it holds at most
            // the bytes in flight (8 chunks of 64 KiB) plus the chunk being filled: 576 KiB, 640 KiB with slack.
            assertTrue(directDuring - directBefore < STALLED * 640L * 1024,
                    () -> name + ": direct memory grew by " + mib(directDuring - directBefore) + " MiB");
        } finally {
            for (Socket reader : readers) {
                reader.close();
            }
        }
        assertEquals(200, Http.get(probe, Duration.ofSeconds(10)).statusCode(), "serves normally afterwards");
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }

    /** Direct memory once it has stopped growing for half a second (at most 10 s). */
    private static long settledDirectMemory() throws InterruptedException {
        long previous = directMemory();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(500);
            long now = directMemory();
            if (now == previous) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    /** The JDK's direct buffers, plus Netty's when it allocates them without the JDK's accounting. */
    private static long directMemory() {
        long jdk = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return jdk + Math.max(0, PlatformDependent.usedDirectMemory());
    }
}
