package io.github.promexport.runtime;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;

import jakarta.inject.Singleton;

/**
 * Where the dedicated exporter serves the metrics, for the application and its tests. Empty when the exporter
 * is off: no {@code quarkus.prometheus.export.port} or {@code port-range}, dev mode, or no free port with
 * {@code quarkus.prometheus.export.fail-when-unavailable=false}.
 */
@Singleton
public class PrometheusExporterEndpoint {

    private volatile Bound bound;

    /**
     * The URL of the metrics, such as {@code http://127.0.0.1:9400/metrics}; {@code https} when
     * {@code quarkus.prometheus.export.tls-configuration-name} is set.
     */
    public Optional<URI> url() {
        Bound current = bound;
        return current == null ? Optional.empty() : Optional.of(current.url());
    }

    /** The address and port the exporter is bound to. */
    public Optional<InetSocketAddress> address() {
        Bound current = bound;
        return current == null ? Optional.empty() : Optional.of(current.address());
    }

    /** The bound port: the one chosen from {@code port-range}, or the random one for {@code 0}. */
    public OptionalInt port() {
        Bound current = bound;
        return current == null ? OptionalInt.empty() : OptionalInt.of(current.address().getPort());
    }

    void started(URI url, InetSocketAddress address) {
        this.bound = new Bound(url, address);
    }

    void stopped() {
        this.bound = null;
    }

    private record Bound(URI url, InetSocketAddress address) {
    }
}
