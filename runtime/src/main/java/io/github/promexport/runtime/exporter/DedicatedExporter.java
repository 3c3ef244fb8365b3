package io.github.promexport.runtime.exporter;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.github.promexport.runtime.scrape.FormatNegotiator;
import io.github.promexport.runtime.scrape.ScrapeThreads;
import io.github.promexport.runtime.scrape.Scraper;
import io.netty.util.NetUtil;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SSLOptions;
import io.vertx.ext.web.Router;

/**
 * The metrics on a port of their own, served by a Vert.x instance of their own ({@link ExporterVertx}: one event
 * loop, {@code prometheus-exporter-eventloop-0}) apart from the application's event loops and worker pool, so a
 * scrape is answered while the application is starved. Scrapes run on the exporter's scrape threads
 * ({@code prometheus-exporter-N}), never on the event loop. Connections are read and written without blocking, so
 * idle, half-open or slow clients cost no thread; {@link ExporterLimits} bounds what each may cost.
 * {@link #close()} stops the server and its threads and releases the port.
 * <p>
 * Why not the Prometheus client's {@code HTTPServer} (1.4.3): it wraps the JDK server, whose thread-per-exchange
 * model lets a few clients that send half a request, or stop reading a response, hold every thread. It also always
 * serves {@code /metrics} with its own {@code MetricsHandler} (substring-based {@code Accept} matching, unlike our
 * {@link FormatNegotiator}), which can be neither replaced nor moved, and lets
 * {@code io.prometheus.exporter.httpServer.port} from {@code prometheus.properties} override our port.
 */
public final class DedicatedExporter implements Closeable {

    private static final Logger LOG = Logger.getLogger(DedicatedExporter.class);
    /** The scrape threads: {@code prometheus-exporter-1}, ... */
    private static final String SCRAPE_THREAD_PREFIX = "prometheus-exporter";
    private static final long STARTUP_TIMEOUT_SECONDS = 30;
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 10;

    private final Vertx vertx;
    private final HttpServer server;
    private final ExecutorService threads;
    private final ConnectionGuard guard;
    private final InetSocketAddress address;
    private final URI url;
    private final FileSdTarget fileSd;

    private DedicatedExporter(Vertx vertx, HttpServer server, ExecutorService threads, ConnectionGuard guard,
            InetSocketAddress address, URI url, FileSdTarget fileSd) {
        this.vertx = vertx;
        this.server = server;
        this.threads = threads;
        this.guard = guard;
        this.address = address;
        this.url = url;
        this.fileSd = fileSd;
    }

    /** {@link #start(Scraper, ExporterSettings, ExporterLimits, Optional)} with the default limits. */
    public static Optional<DedicatedExporter> start(Scraper scraper, ExporterSettings settings,
            Optional<String> applicationName) {
        return start(scraper, settings, ExporterLimits.DEFAULTS, applicationName);
    }

    /**
     * Plain HTTP without authentication:
     * {@link #start(Scraper, ExporterSettings, ExporterLimits, Optional, ExporterAuthenticator, Optional)}.
     */
    public static Optional<DedicatedExporter> start(Scraper scraper, ExporterSettings settings, ExporterLimits limits,
            Optional<String> applicationName) {
        return start(scraper, settings, limits, Optional.empty(), ExporterAuthenticator.open(), applicationName);
    }

    /**
     * Binds the first port that is free, starts serving, writes the file_sd target when asked to, and logs the
     * URL once.
     *
     * @param tls HTTPS from the TLS registry; empty for plain HTTP
     * @param authenticator checks the credentials of every request before it is routed
     *
     * @return empty when no port could be bound and {@code fail-when-unavailable} is {@code false}
     * @throws ExporterUnavailableException when no port could be bound and {@code fail-when-unavailable} is
     *         {@code true}
     */
    public static Optional<DedicatedExporter> start(Scraper scraper, ExporterSettings settings, ExporterLimits limits,
            Optional<ExporterTls> tls, ExporterAuthenticator authenticator, Optional<String> applicationName) {
        Vertx vertx = ExporterVertx.create();
        ExecutorService threads = ScrapeThreads.create(SCRAPE_THREAD_PREFIX);
        ConnectionGuard guard = new ConnectionGuard(vertx, limits);
        Router router = ExporterRouter.create(vertx, scraper, settings.path(), threads, guard, authenticator);
        Map<Integer, String> busy = new TreeMap<>();
        Optional<HttpServer> bound;
        try {
            bound = PortBinder.bindFirstFree(settings.address(), settings.candidates(),
                    address -> listen(vertx, serverOptions(address, limits, tls), guard, router), busy);
        } catch (IOException | RuntimeException e) {
            stop(vertx, threads);
            throw new IllegalStateException("Could not start the dedicated Prometheus exporter", e);
        }
        if (bound.isEmpty()) {
            stop(vertx, threads);
            String message = unavailableMessage(settings, busy);
            if (settings.failWhenUnavailable()) {
                throw new ExporterUnavailableException(message + "; " + ExporterSettings.FAIL_KEY
                        + "=false starts the application without the dedicated exporter");
            }
            LOG.warnf("%s. Running without the dedicated exporter, as %s=false", message, ExporterSettings.FAIL_KEY);
            return Optional.empty();
        }
        HttpServer server = bound.get();
        InetSocketAddress local = new InetSocketAddress(settings.address(), server.actualPort());
        String scheme = tls.isPresent() ? "https" : "http";
        URI url = URI.create(scheme + "://" + uriHost(settings.address()) + ":" + local.getPort() + settings.path());
        DedicatedExporter exporter = new DedicatedExporter(vertx, server, threads, guard, local, url, null);
        if (settings.fileSdDirectory().isPresent()) {
            exporter = exporter.withFileSd(settings, applicationName);
        }
        LOG.infof("Prometheus metrics exported on dedicated port: %s", url);
        return Optional.of(exporter);
    }

    /**
     * The server's options: address, limits, HTTP/1.1 only, and HTTPS when configured.
     */
    static HttpServerOptions serverOptions(InetSocketAddress address, ExporterLimits limits, Optional<ExporterTls> tls) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(address.getAddress().getHostAddress())
                .setPort(address.getPort())
                .setIdleTimeout((int) limits.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setMaxInitialLineLength(limits.maxInitialLineLength())
                // Prometheus scrapes over HTTP/1.1; clear-text HTTP/2 would only add a protocol to defend.
                .setHttp2ClearTextEnabled(false)
                .setCompressionSupported(false)
                .setDecompressionSupported(false);
        // ALPN stays off (the default): without it a client cannot negotiate HTTP/2 over TLS either.
        tls.ifPresent(t -> t.applyTo(options));
        return options;
    }

    /**
     * Binds one address. Vert.x shares a listening port between the servers of one Vert.x instance without
     * complaint; this instance has no other server, so a port already bound by anything else (another exporter,
     * the application's own Vert.x, another process) fails with a {@link BindException} and the next port is tried.
     */
    private static HttpServer listen(Vertx vertx, HttpServerOptions options, ConnectionGuard guard, Router router)
            throws IOException {
        HttpServer server = vertx.createHttpServer(options)
                .connectionHandler(guard::connected)
                .requestHandler(request -> {
                    guard.requestStarted(request);
                    // Authentication is the router's first handler, so that it sees the normalized path. See ExporterRouter.
                    router.handle(request);
                });
        try {
            return server.listen().toCompletionStage().toCompletableFuture().get(STARTUP_TIMEOUT_SECONDS,
                    TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            server.close();
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (TimeoutException e) {
            server.close();
            throw new IOException("Binding " + options.getHost() + ":" + options.getPort() + " took more than "
                    + STARTUP_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IOException("Interrupted while binding " + options.getHost() + ":" + options.getPort(), e);
        }
    }

    private DedicatedExporter withFileSd(ExporterSettings settings, Optional<String> applicationName) {
        String target = targetHost(url.getHost(), settings.address()) + ":" + url.getPort();
        try {
            long pid = ProcessHandle.current().pid();
            return new DedicatedExporter(vertx, server, threads, guard, address, url,
                    FileSdTarget.write(settings.fileSdDirectory().get(), target, url.getScheme(),
                            url.getRawPath(), applicationName, pid));
        } catch (IOException | RuntimeException e) {
            close();
            throw new ConfigurationException(ExporterSettings.FILE_SD_KEY + ": cannot write the Prometheus target file in \""
                    + settings.fileSdDirectory().get() + "\" (" + e + "): use a writable directory. Example: "
                    + ExporterSettings.FILE_SD_KEY + "=/var/run/prometheus-targets", Set.of(ExporterSettings.FILE_SD_KEY));
        }
    }

    /**
     * The URL of the metrics as an operator would paste it: the bound address ({@code 0.0.0.0} when bound to all
     * interfaces, an IPv6 address in brackets and compressed: {@code http://[::1]:9400/metrics}).
     */
    public URI url() {
        return url;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** The file_sd target file, if one was written. */
    public Optional<FileSdTarget> fileSd() {
        return Optional.ofNullable(fileSd);
    }

    /**
     * Serves new connections with reloaded certificates (open connections keep theirs); the client-certificate policy
     * of the server's options stays. Safe from any thread: Vert.x applies the options on the server's own context.
     * Forced: options that name a file by path compare equal after the file changed, and the registry only calls
     * this when it did reload.
     *
     * @return completes with whether the options were applied
     */
    public CompletionStage<Boolean> updateSslOptions(SSLOptions options) {
        return server.updateSSLOptions(options, true).toCompletionStage();
    }

    /** The number of connections open now. */
    int openConnections() throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<Integer> count = new CompletableFuture<>();
        vertx.runOnContext(v -> count.complete(guard.openConnections()));
        return count.get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (fileSd != null) {
            fileSd.close();
        }
        stop(vertx, threads);
    }

    /**
     * Closes the server and every connection (an in-flight scrape is cut), releases the port and stops the
     * threads before returning.
     */
    private static void stop(Vertx vertx, ExecutorService threads) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debugf(e, "The dedicated exporter's Vert.x instance did not stop cleanly");
        } finally {
            threads.shutdownNow();
        }
    }

    static String unavailableMessage(ExporterSettings settings, Map<Integer, String> busy) {
        String where = settings.address().getHostAddress();
        StringBuilder message = new StringBuilder(settings.portKey());
        if (settings.portKey().equals(ExporterSettings.PORT_RANGE_KEY)) {
            message.append(": no free port in \"").append(settings.portValue()).append("\" on ").append(where);
            message.append(": busy ").append(busy.isEmpty() ? "none" : describe(busy));
            if (!settings.skipped().isEmpty()) {
                message.append("; skipped ").append(new TreeMap<>(settings.skipped()).entrySet().stream()
                        .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ")));
            }
            message.append(". Widen the range or free one of its ports");
        } else {
            message.append(": port ").append(settings.portValue()).append(" on ").append(where)
                    .append(" is busy (").append(String.join(", ", busy.values()))
                    .append("). Free the port, choose another one, or set ").append(ExporterSettings.PORT_RANGE_KEY)
                    .append(" to take the first free port of a range");
        }
        return message.toString();
    }

    private static String describe(Map<Integer, String> busy) {
        return busy.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
    }

    /** {@code 0.0.0.0}, {@code 127.0.0.1}, {@code [::1]}, {@code [::]}: compressed IPv6 (RFC 5952), no scope. */
    static String uriHost(InetAddress address) {
        String host = NetUtil.toAddressString(address);
        if (address instanceof Inet6Address) {
            int scope = host.indexOf('%');
            return "[" + (scope < 0 ? host : host.substring(0, scope)) + "]";
        }
        return host;
    }

    /**
     * The host Prometheus should scrape: the bound address, or this machine's host name when the exporter
     * binds all interfaces (a wildcard address cannot be scraped from elsewhere).
     */
    private static String targetHost(String uriHost, InetAddress bound) {
        if (!bound.isAnyLocalAddress()) {
            return uriHost;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
