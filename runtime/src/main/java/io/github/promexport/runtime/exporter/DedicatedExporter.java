package io.github.promexport.runtime.exporter;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import com.sun.net.httpserver.HttpServer;

import io.github.promexport.runtime.scrape.FormatNegotiator;
import io.github.promexport.runtime.scrape.ScrapeThreads;
import io.github.promexport.runtime.scrape.Scraper;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The metrics on a port of their own: a JDK {@link HttpServer} with its own daemon threads
 * ({@code prometheus-exporter-N}), apart from the Vert.x event loops and the application's worker pool, so a
 * scrape is answered while the application is starved. {@link #close()} stops the server and releases the port.
 * <p>
 * Why not the Prometheus client's {@code HTTPServer} (1.4.3), which wraps the same JDK server: it always serves
 * {@code /metrics} with its own {@code MetricsHandler} (substring-based {@code Accept} matching, unlike our
 * {@link FormatNegotiator}), and that context can be neither replaced nor moved (the server field is protected but
 * the only constructor is private, so no subclass can reach it): {@code quarkus.prometheus.export.path} and "the
 * same negotiation as the main route" could not hold. {@code HTTPServer.builder()} also lets
 * {@code io.prometheus.exporter.httpServer.port} from {@code prometheus.properties} or system properties override
 * the port we chose, and binds with a backlog of 3. What it does well is kept here: daemon threads, starting the
 * server from a daemon thread, {@code /-/healthy}, and bounded request and response times.
 */
public final class DedicatedExporter implements Closeable {

    private static final Logger LOG = Logger.getLogger(DedicatedExporter.class);
    private static final String THREAD_PREFIX = "prometheus-exporter";
    /** The JDK's default accept backlog. */
    private static final int BACKLOG = 0;

    private final HttpServer server;
    private final ExecutorService threads;
    private final URI url;
    private final FileSdTarget fileSd;

    private DedicatedExporter(HttpServer server, ExecutorService threads, URI url, FileSdTarget fileSd) {
        this.server = server;
        this.threads = threads;
        this.url = url;
        this.fileSd = fileSd;
    }

    /**
     * Binds the first port that is free, starts serving, writes the file_sd target when asked to, and logs the
     * URL once.
     *
     * @return empty when no port could be bound and {@code fail-when-unavailable} is {@code false}
     * @throws ExporterUnavailableException when no port could be bound and {@code fail-when-unavailable} is
     *         {@code true}
     */
    public static Optional<DedicatedExporter> start(Scraper scraper, ExporterSettings settings,
            Optional<String> applicationName) {
        return start(scraper, settings, ExporterAuthenticator.open(), applicationName);
    }

    /** Like {@link #start(Scraper, ExporterSettings, Optional)}, answering {@code 401} unless the authenticator permits. */
    public static Optional<DedicatedExporter> start(Scraper scraper, ExporterSettings settings,
            ExporterAuthenticator authenticator, Optional<String> applicationName) {
        limitSlowClients();
        Map<Integer, String> busy = new TreeMap<>();
        Optional<HttpServer> bound;
        try {
            bound = PortBinder.bindFirstFree(settings.address(), settings.candidates(),
                    address -> HttpServer.create(address, BACKLOG), busy);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the dedicated Prometheus exporter", e);
        }
        if (bound.isEmpty()) {
            String message = unavailableMessage(settings, busy);
            if (settings.failWhenUnavailable()) {
                throw new ExporterUnavailableException(message + "; " + ExporterSettings.FAIL_KEY
                        + "=false starts the application without the dedicated exporter");
            }
            LOG.warnf("%s. Running without the dedicated exporter, as %s=false", message, ExporterSettings.FAIL_KEY);
            return Optional.empty();
        }
        HttpServer server = bound.get();
        ExecutorService threads = ScrapeThreads.create(THREAD_PREFIX);
        server.setExecutor(threads);
        server.createContext("/", new ExporterHttpHandler(scraper, settings.path(), authenticator));
        InetSocketAddress local = server.getAddress();
        URI url = URI.create("http://" + uriHost(local.getAddress()) + ":" + local.getPort() + settings.path());
        DedicatedExporter exporter = new DedicatedExporter(server, threads, url, null);
        try {
            // The JDK server's dispatcher thread inherits the daemon flag of the thread that starts it: start it
            // from one of our daemon threads so that it never keeps the JVM alive.
            threads.submit(server::start).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exporter.close();
            throw new IllegalStateException("Interrupted while starting the dedicated Prometheus exporter", e);
        } catch (ExecutionException e) {
            exporter.close();
            throw new IllegalStateException("Could not start the dedicated Prometheus exporter", e.getCause());
        }
        if (settings.fileSdDirectory().isPresent()) {
            exporter = exporter.withFileSd(settings, applicationName);
        }
        LOG.infof("Prometheus metrics exported on dedicated port: %s", url);
        return Optional.of(exporter);
    }

    private DedicatedExporter withFileSd(ExporterSettings settings, Optional<String> applicationName) {
        String target = targetHost(url.getHost(), settings.address()) + ":" + url.getPort();
        try {
            long pid = ProcessHandle.current().pid();
            return new DedicatedExporter(server, threads, url,
                    FileSdTarget.write(settings.fileSdDirectory().get(), target, applicationName, pid));
        } catch (IOException | RuntimeException e) {
            close();
            throw new ConfigurationException(ExporterSettings.FILE_SD_KEY + ": cannot write the Prometheus target file in \""
                    + settings.fileSdDirectory().get() + "\" (" + e + "): use a writable directory. Example: "
                    + ExporterSettings.FILE_SD_KEY + "=/var/run/prometheus-targets", Set.of(ExporterSettings.FILE_SD_KEY));
        }
    }

    /** The URL of the metrics; its host is the bound address ({@code 0.0.0.0} when bound to all interfaces). */
    public URI url() {
        return url;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The file_sd target file, if one was written. */
    public Optional<FileSdTarget> fileSd() {
        return Optional.ofNullable(fileSd);
    }

    @Override
    public void close() {
        if (fileSd != null) {
            fileSd.close();
        }
        // Stops accepting, closes every connection (an in-flight scrape is cut) and releases the port before
        // returning.
        server.stop(0);
        threads.shutdownNow();
    }

    /**
     * The JDK server reads a request on an exporter thread and, by default, waits for it forever: a few clients
     * that connect and never finish their request would hold every exporter thread. Like the Prometheus client's
     * own server, bound the time to read a request (60 s) and to write a response (600 s), unless the
     * application already chose. These JVM-wide properties are read once, when the JDK server is first used.
     */
    private static void limitSlowClients() {
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "60");
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", "600");
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

    private static String uriHost(InetAddress address) {
        String host = address.getHostAddress();
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
