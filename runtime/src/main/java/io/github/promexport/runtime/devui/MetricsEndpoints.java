package io.github.promexport.runtime.devui;

import java.util.Optional;

import org.eclipse.microprofile.config.Config;

import io.github.promexport.runtime.config.PrometheusExportConfig;
import io.github.promexport.runtime.exporter.ExporterSettings;

/**
 * Where the metrics are served, as the Dev UI explains it: the route (main HTTP server or management interface) and
 * the dedicated exporter's configuration with the reason it is off in dev mode.
 */
public final class MetricsEndpoints {

    private MetricsEndpoints() {
    }

    /**
     * The metrics route.
     *
     * @param path the absolute request path, e.g. {@code /q/metrics}
     * @param server {@code main} or {@code management}
     * @param url the full URL on this machine, e.g. {@code http://localhost:8080/q/metrics}
     * @param moveKey the key that moves the route between the main server and the management interface
     */
    public record Route(String path, String server, String url, String moveKey) {
    }

    /**
     * The dedicated exporter.
     *
     * @param configured whether {@code quarkus.prometheus.export.port} or {@code port-range} is set
     * @param key the key that is set, {@code null} when none
     * @param value its value
     * @param address {@code quarkus.prometheus.export.address}, or how it resolves when unset
     * @param path the exporter's path (default {@code /metrics})
     * @param tls the TLS registry configuration name, {@code null} for plain HTTP
     * @param authentication {@code basic}, {@code bearer} or {@code none}
     * @param status why it does not run here and where it will
     */
    public record Exporter(boolean configured, String key, String value, String address, String path, String tls,
            String authentication, String status) {
    }

    /** Both of them. */
    public record Endpoints(Route route, Exporter exporter) {
    }

    /** Reads what is configured now; the route's path and server were decided at build time. */
    public static Endpoints describe(String routePath, boolean management, PrometheusExportConfig export, Config config) {
        String server = management ? "quarkus.management" : "quarkus.http";
        String host = config.getOptionalValue(server + ".host", String.class).orElse("localhost");
        if (host.equals("0.0.0.0")) {
            host = "localhost";
        }
        int port = config.getOptionalValue(server + ".port", Integer.class).orElse(management ? 9000 : 8080);
        boolean https = management && (config.getOptionalValue("quarkus.management.tls-configuration-name", String.class)
                .isPresent()
                || config.getOptionalValue("quarkus.management.ssl.certificate.files", String.class).isPresent()
                || config.getOptionalValue("quarkus.management.ssl.certificate.key-store-file", String.class).isPresent());
        String url = (https ? "https" : "http") + "://" + host + ":" + port + routePath;
        Route route = new Route(routePath, management ? "management" : "main", url,
                "quarkus.prometheus.management.enabled");
        return new Endpoints(route, exporter(export, url));
    }

    private static Exporter exporter(PrometheusExportConfig export, String routeUrl) {
        Optional<String> key = export.port().isPresent() ? Optional.of(ExporterSettings.PORT_KEY)
                : export.portRange().isPresent() ? Optional.of(ExporterSettings.PORT_RANGE_KEY) : Optional.empty();
        String value = export.port().map(String::valueOf).or(export::portRange).orElse(null);
        String address = export.address()
                .orElse("quarkus.http.host when set, else all interfaces in production (localhost in tests)");
        String authentication = export.auth().bearerToken().isPresent() ? "bearer"
                : export.auth().basic().username().isPresent() ? "basic" : "none";
        String status = key.isPresent()
                ? "Off in dev mode: live reload restarts the application inside the same JVM, so the metrics stay on"
                        + " the route (" + routeUrl + "). In production and in tests the exporter binds " + key.get()
                        + "=" + value + " on its own threads."
                : "Not configured: set " + ExporterSettings.PORT_KEY + " (or " + ExporterSettings.PORT_RANGE_KEY
                        + ") to serve the metrics in production on a port and threads of their own, which keep"
                        + " answering when the application is starved.";
        return new Exporter(key.isPresent(), key.orElse(null), value, address, export.path(),
                export.tlsConfigurationName().orElse(null), authentication, status);
    }
}
