package io.github.promexport.runtime.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.promexport.runtime.exposition.ClientExposition;
import io.github.promexport.runtime.scrape.FormatNegotiator;
import io.github.promexport.runtime.scrape.Scraper;
import io.netty.util.internal.PlatformDependent;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * Clients that would stop a thread-per-connection server, on real loopback sockets: hundreds of half-open
 * connections, a thousand idle ones, and scrapers that stop reading a large response. During each, a scrape (of
 * a small family, through the scrape threads) and {@code /-/healthy} answer within one second, and afterwards the
 * exporter serves normally. Needs about 1,600 file descriptors (client and server ends of the connections); the
 * JVM raises its soft limit to the hard one at startup.
 */
@Timeout(120)
class DedicatedExporterSurvivesHostileClientsTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int ONE_SECOND = 1000;
    /** Series in the large family: about 10 MB of text, more than the loopback socket buffers hold. */
    private static final int LARGE_SERIES = 200_000;

    private final List<Socket> clients = new ArrayList<>();
    private DedicatedExporter exporter;
    private PrometheusRegistry registry;

    @BeforeEach
    void createRegistry() {
        registry = new PrometheusRegistry();
        registry.register(() -> CounterSnapshot.builder().name("probe").help("A small family for the probe scrapes")
                .dataPoint(CounterDataPointSnapshot.builder().value(1).build()).build());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    private void start(ExporterLimits limits) {
        Scraper scraper = new Scraper(new FormatNegotiator(ExpositionFormats.init(ExporterProperties.builder().build())),
                new ClientExposition(registry));
        exporter = DedicatedExporter.start(scraper, new ExporterSettings(LOOPBACK, ExporterSettings.PORT_KEY, "0",
                List.of(0), Map.of(), "/metrics", true, Optional.empty()), limits, Optional.empty()).orElseThrow();
        // Warm up (class loading, JIT), so the one-second bounds below measure the clients, not a cold start.
        try {
            get(URI.create(exporter.url() + "?name%5B%5D=probe_total"), 10_000);
            get(exporter.url().resolve("/-/healthy"), 10_000);
        } catch (IOException e) {
            throw new AssertionError("The exporter does not serve", e);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        // A small receive buffer, so a client that does not read stalls the server sooner.
        socket.setReceiveBufferSize(16 * 1024);
        socket.connect(exporter.address(), 2000);
        clients.add(socket);
        return socket;
    }

    private void assertProbeAndHealthAnswerWithinOneSecond() {
        URI probe = URI.create(exporter.url() + "?name%5B%5D=probe_total");
        try {
            String body = get(probe, ONE_SECOND);
            assertTrue(body.contains("probe_total 1.0"), body);
            assertEquals("Exporter is healthy.\n", get(exporter.url().resolve("/-/healthy"), ONE_SECOND));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("The exporter did not answer within one second", e);
        } catch (IOException e) {
            throw new AssertionError("The exporter did not answer", e);
        }
    }

    private static String get(URI uri, int timeoutMillis) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(timeoutMillis);
        assertEquals(200, connection.getResponseCode(), uri::toString);
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Whether the server closed the connection within the timeout (reading what it may have sent first). */
    private static boolean closedByServer(Socket socket, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) >= 0) {
                // Discard.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // Reset by the server.
            return true;
        }
    }

    @Test
    void halfOpenConnectionsNeitherStopScrapesNorStayOpen() throws IOException {
        ExporterLimits limits = new ExporterLimits(Duration.ofSeconds(3), Duration.ofSeconds(60), 20 * 1024, 4096, 512);
        start(limits);
        byte[] halfRequest = "GET /metrics HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 300; i++) {
            connect().getOutputStream().write(halfRequest);
        }
        assertProbeAndHealthAnswerWithinOneSecond();
        for (Socket client : clients) {
            assertTrue(closedByServer(client, Duration.ofSeconds(10)),
                    "a connection that never finished its request header is closed after the header timeout");
        }
        assertProbeAndHealthAnswerWithinOneSecond();
    }

    @Test
    void aThousandIdleConnectionsNeitherStopScrapesNorExceedTheConnectionLimit() throws Exception {
        start(ExporterLimits.DEFAULTS);
        for (int i = 0; i < 1000; i++) {
            connect();
        }
        // Once the exporter has taken in the burst of connections (connecting a thousand sockets at once is a
        // different attack, answered by the accept backlog), they sit idle.
        int previous = -1;
        for (int i = 0; i < 50 && exporter.openConnections() != previous; i++) {
            previous = exporter.openConnections();
            Thread.sleep(200);
        }
        assertProbeAndHealthAnswerWithinOneSecond();
        int open = exporter.openConnections();
        assertTrue(open <= ExporterLimits.DEFAULTS.maxConnections(), () -> open + " connections open");
        assertTrue(closedByServer(clients.get(0), Duration.ofSeconds(5)),
                "the connection idle longest is closed to make room for new ones");
        assertProbeAndHealthAnswerWithinOneSecond();
    }

    @Test
    void scrapersThatStopReadingCostBoundedMemoryAndStopNoOtherScrape() throws Exception {
        registerLargeFamily();
        start(ExporterLimits.DEFAULTS);
        long directBefore = directMemory();
        int stalled = 8;
        byte[] request = "GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < stalled; i++) {
            Socket client = connect();
            client.getOutputStream().write(request);
            // Read the status line, so the response has started; then never read again.
            client.setSoTimeout(30_000);
            byte[] start = new byte[12];
            int read = client.getInputStream().read(start);
            assertTrue(read > 0 && new String(start, 0, read, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
        }
        // More stalled readers than scrape threads (one per core): the probe still gets a thread.
        assertProbeAndHealthAnswerWithinOneSecond();
        long directDuring = settledDirectMemory();
        long perReader = (directDuring - directBefore) / stalled;
        System.out.printf("%d stalled readers of a %d-series response: direct memory %d -> %d bytes (%d per reader),"
                + " %d threads%n", stalled, LARGE_SERIES, directBefore, directDuring, perReader,
                Thread.activeCount());
        // Unbounded, each reader would hold most of its ~10 MB response off-heap.
        assertTrue(directDuring - directBefore < 16L * 1024 * 1024,
                () -> "direct memory grew by " + (directDuring - directBefore) + " bytes");
        for (Socket client : clients) {
            client.close();
        }
        clients.clear();
        assertProbeAndHealthAnswerWithinOneSecond();
    }

    private void registerLargeFamily() {
        registry.register(new Collector() {
            @Override
            public MetricSnapshot collect() {
                CounterSnapshot.Builder family = CounterSnapshot.builder().name("large").help("Many series");
                for (int i = 0; i < LARGE_SERIES; i++) {
                    family.dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("id", Integer.toString(i)))
                            .value(i).build());
                }
                return family.build();
            }

            /** Named, so that the probe's name[] filter skips it without collecting. */
            @Override
            public String getPrometheusName() {
                return "large";
            }
        });
    }

    /** Direct memory once it has stopped growing for a moment (at most 5 s). */
    private static long settledDirectMemory() throws InterruptedException {
        long previous = directMemory();
        for (int i = 0; i < 10; i++) {
            Thread.sleep(500);
            long now = directMemory();
            if (now == previous) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    /** Direct memory: the JDK's direct buffers, plus Netty's when it allocates them without the JDK's accounting. */
    private static long directMemory() {
        long jdk = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return jdk + Math.max(0, PlatformDependent.usedDirectMemory());
    }
}
