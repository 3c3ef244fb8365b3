package io.github.promexport.runtime.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.promexport.runtime.exposition.ClientExposition;
import io.github.promexport.runtime.scrape.FormatNegotiator;
import io.github.promexport.runtime.scrape.Scraper;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

class DedicatedExporterTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private PrometheusRegistry registry;
    private Scraper scraper;
    private DedicatedExporter exporter;

    @TempDir
    Path directory;

    @BeforeEach
    void createRegistry() {
        registry = new PrometheusRegistry();
        counter("orders", 3);
        counter("refunds", 1);
        scraper = new Scraper(new FormatNegotiator(ExpositionFormats.init(ExporterProperties.builder().build())),
                new ClientExposition(registry));
    }

    private void counter(String name, double value) {
        registry.register(() -> CounterSnapshot.builder().name(name).help("A counter named " + name)
                .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build());
    }

    @AfterEach
    void stop() {
        if (exporter != null) {
            exporter.close();
        }
    }

    private static ExporterSettings settings(List<Integer> ports, String key, String value, boolean fail,
            Optional<Path> fileSd) {
        return new ExporterSettings(LOOPBACK, key, value, ports, Map.of(), "/metrics", fail, fileSd);
    }

    private DedicatedExporter startOnRandomPort() {
        exporter = DedicatedExporter.start(scraper, settings(List.of(0), ExporterSettings.PORT_KEY, "0", true,
                Optional.empty()), Optional.empty()).orElseThrow();
        return exporter;
    }

    private static HttpURLConnection open(URI uri, String method) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(5000);
        return connection;
    }

    private static String body(HttpURLConnection connection) throws IOException {
        InputStream in = connection.getResponseCode() < 400 ? connection.getInputStream() : connection.getErrorStream();
        if ("gzip".equals(connection.getHeaderField("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        try (InputStream body = in) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void servesTheRegistryAtTheMetricsPathWithTheUrlOfTheBoundPort() throws IOException {
        DedicatedExporter exporter = startOnRandomPort();
        int port = exporter.address().getPort();
        assertEquals(URI.create("http://127.0.0.1:" + port + "/metrics"), exporter.url());
        HttpURLConnection connection = open(exporter.url(), "GET");
        assertEquals(200, connection.getResponseCode());
        assertTrue(connection.getContentType().startsWith("text/plain; version=0.0.4"), connection.getContentType());
        String body = body(connection);
        assertTrue(body.contains("orders_total 3.0"), body);
        assertTrue(body.contains("refunds_total 1.0"), body);
    }

    @Test
    void negotiatesOpenMetricsFiltersByNameAndGzips() throws IOException {
        URI uri = URI.create(startOnRandomPort().url() + "?name%5B%5D=orders");
        HttpURLConnection connection = open(uri, "GET");
        connection.setRequestProperty("Accept", "application/openmetrics-text; version=1.0.0");
        connection.setRequestProperty("Accept-Encoding", "gzip");
        assertEquals(200, connection.getResponseCode());
        assertTrue(connection.getContentType().startsWith("application/openmetrics-text"), connection.getContentType());
        assertEquals("gzip", connection.getHeaderField("Content-Encoding"));
        String body = body(connection);
        assertTrue(body.contains("orders_total 3.0"), body);
        assertFalse(body.contains("refunds"), body);
        assertTrue(body.endsWith("# EOF\n"), body);
    }

    @Test
    void streamsALargeExpositionInChunks() throws IOException {
        for (int i = 0; i < 2000; i++) {
            counter("large_" + i, i);
        }
        HttpURLConnection connection = open(startOnRandomPort().url(), "GET");
        assertEquals(200, connection.getResponseCode());
        assertEquals("chunked", connection.getHeaderField("Transfer-Encoding"));
        String body = body(connection);
        assertTrue(body.length() > 64 * 1024, () -> "length " + body.length());
        assertTrue(body.contains("large_1999_total 1999.0"));
    }

    @Test
    void answersHeadHealthAndUnknownPaths() throws IOException {
        URI metrics = startOnRandomPort().url();
        HttpURLConnection head = open(metrics, "HEAD");
        assertEquals(200, head.getResponseCode());
        assertTrue(head.getContentType().startsWith("text/plain; version=0.0.4"));
        HttpURLConnection healthy = open(metrics.resolve("/-/healthy"), "GET");
        assertEquals(200, healthy.getResponseCode());
        assertEquals("Exporter is healthy.\n", body(healthy));
        HttpURLConnection unknown = open(metrics.resolve("/metricsx"), "GET");
        assertEquals(404, unknown.getResponseCode());
        assertEquals("Not found: the metrics are served at /metrics\n", body(unknown));
        HttpURLConnection post = open(metrics, "POST");
        assertEquals(405, post.getResponseCode());
        assertEquals("GET, HEAD", post.getHeaderField("Allow"));
    }

    @Test
    void servesFromNamedDaemonThreads() throws IOException {
        open(startOnRandomPort().url(), "GET").getResponseCode();
        List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("prometheus-exporter-")).toList();
        assertFalse(threads.isEmpty());
        assertTrue(threads.stream().allMatch(Thread::isDaemon));
        assertTrue(threads.stream().anyMatch(t -> t.getName().equals("prometheus-exporter-eventloop-0")),
                threads::toString);
    }

    @Test
    void urlHostsAreWrittenAsAnOperatorWouldPasteThem() throws IOException {
        assertEquals("0.0.0.0", DedicatedExporter.uriHost(InetAddress.getByName("0.0.0.0")));
        assertEquals("127.0.0.1", DedicatedExporter.uriHost(InetAddress.getByName("127.0.0.1")));
        assertEquals("[::]", DedicatedExporter.uriHost(InetAddress.getByName("::")));
        assertEquals("[::1]", DedicatedExporter.uriHost(InetAddress.getByName("0:0:0:0:0:0:0:1")));
        assertEquals("[fe80::1]", DedicatedExporter.uriHost(Inet6Address.getByAddress(null,
                InetAddress.getByName("fe80::1").getAddress(), 1)));
    }

    @Test
    void aPortHeldByAnotherVertxInstanceOfThisJvmIsBusy() throws Exception {
        Vertx other = Vertx.vertx();
        try {
            HttpServer held = other.createHttpServer().requestHandler(request -> request.response().end("other"))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            int port = held.actualPort();
            ExporterUnavailableException e = assertThrows(ExporterUnavailableException.class,
                    () -> DedicatedExporter.start(scraper, settings(List.of(port), ExporterSettings.PORT_KEY,
                            String.valueOf(port), true, Optional.empty()), Optional.empty()));
            assertTrue(e.getMessage().contains("port " + port + " on 127.0.0.1 is busy"), e.getMessage());
        } finally {
            other.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void answers503WithRetryAfterWhenEveryScrapeSlotIsTaken() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        registry.register(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CounterSnapshot.builder().name("slow").dataPoint(CounterDataPointSnapshot.builder().value(1).build())
                    .build();
        });
        URI metrics = startOnRandomPort().url();
        List<Socket> waiting = new ArrayList<>();
        try {
            // Scrapes stuck in a collector hold their slots (they do not wait for a reader, so none is evicted).
            HttpURLConnection rejected = null;
            for (int i = 0; i < 200 && rejected == null; i++) {
                Socket scrape = new Socket(LOOPBACK, exporter.address().getPort());
                waiting.add(scrape);
                scrape.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                if (i >= 60) {
                    HttpURLConnection probe = open(metrics, "GET");
                    probe.setReadTimeout(1000);
                    try {
                        if (probe.getResponseCode() == 503) {
                            rejected = probe;
                        }
                    } catch (SocketTimeoutException e) {
                        // Admitted: it waits like the others.
                    }
                }
            }
            assertTrue(rejected != null, "a scrape beyond the limit is rejected");
            assertEquals("1", rejected.getHeaderField("Retry-After"));
            assertTrue(body(rejected).startsWith("Metrics are unavailable: too many scrapes"));
        } finally {
            release.countDown();
            for (Socket scrape : waiting) {
                scrape.close();
            }
        }
        // The released scrapes give their slots back as they find their clients gone: within a Retry-After or two.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int status = open(metrics, "GET").getResponseCode();
        while (status == 503 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = open(metrics, "GET").getResponseCode();
        }
        assertEquals(200, status, "serves normally once the collector returns");
    }

    @Test
    void releasesThePortOnClose() throws IOException {
        InetSocketAddress bound = startOnRandomPort().address();
        assertFalse(canBind(bound.getPort()), "the exporter holds its port while running");
        exporter.close();
        exporter = null;
        assertTrue(canBind(bound.getPort()), "the port is free again once the exporter is closed");
    }

    private static boolean canBind(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (BindException e) {
            return false;
        }
    }

    @Test
    void twoExportersOfOneRangeInOneJvmTakeDifferentPorts() throws IOException {
        int first;
        int second;
        try (ServerSocket a = new ServerSocket(0, 50, LOOPBACK); ServerSocket b = new ServerSocket(0, 50, LOOPBACK)) {
            first = a.getLocalPort();
            second = b.getLocalPort();
        }
        ExporterSettings range = settings(List.of(first, second), ExporterSettings.PORT_RANGE_KEY, "test", true,
                Optional.empty());
        exporter = DedicatedExporter.start(scraper, range, Optional.empty()).orElseThrow();
        try (DedicatedExporter other = DedicatedExporter.start(scraper, range, Optional.empty()).orElseThrow()) {
            assertEquals(first, exporter.address().getPort());
            assertEquals(second, other.address().getPort());
            assertEquals(200, open(other.url(), "GET").getResponseCode());
        }
    }

    @Test
    void failsNamingTheKeyAndTheBusyPort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, LOOPBACK)) {
            int port = taken.getLocalPort();
            ExporterUnavailableException e = assertThrows(ExporterUnavailableException.class,
                    () -> DedicatedExporter.start(scraper, settings(List.of(port), ExporterSettings.PORT_KEY,
                            String.valueOf(port), true, Optional.empty()), Optional.empty()));
            assertTrue(e.getMessage().startsWith("quarkus.prometheus.export.port: port " + port + " on 127.0.0.1 is busy"
                    + " (Address already in use)"), e.getMessage());
            assertTrue(e.getMessage().endsWith("quarkus.prometheus.export.fail-when-unavailable=false starts the"
                    + " application without the dedicated exporter"), e.getMessage());
        }
    }

    @Test
    void runsWithoutExporterWhenNotRequired() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, LOOPBACK)) {
            int port = taken.getLocalPort();
            assertTrue(DedicatedExporter.start(scraper, settings(List.of(port), ExporterSettings.PORT_RANGE_KEY,
                    port + "-" + port, false, Optional.empty()), Optional.empty()).isEmpty());
        }
    }

    @Test
    void writesTheFileSdTargetWhileRunning() throws IOException {
        exporter = DedicatedExporter.start(scraper, settings(List.of(0), ExporterSettings.PORT_KEY, "0", true,
                Optional.of(directory)), Optional.of("shop")).orElseThrow();
        Path file = exporter.fileSd().orElseThrow().file();
        assertEquals(directory, file.getParent());
        String name = file.getFileName().toString();
        assertTrue(name.matches("shop@.+-" + ProcessHandle.current().pid() + "-[0-9]+\\.json"), name);
        assertTrue(Files.readString(file).contains("\"targets\":[\"127.0.0.1:" + exporter.address().getPort() + "\"]"));
        exporter.close();
        exporter = null;
        assertFalse(Files.exists(file));
    }
}
