package io.github.promexport.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.github.promexport.runtime.config.PrometheusExportConfig;
import io.github.promexport.runtime.exporter.DedicatedExporter;
import io.github.promexport.runtime.exporter.ExporterAuthenticator;
import io.github.promexport.runtime.exporter.ExporterCertificateReloader;
import io.github.promexport.runtime.exporter.ExporterLimits;
import io.github.promexport.runtime.exporter.ExporterSettings;
import io.github.promexport.runtime.exporter.ExporterTls;
import io.github.promexport.runtime.scrape.ScrapeOutcomes;
import io.github.promexport.runtime.scrape.Scraper;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.ShutdownContext;
import io.quarkus.runtime.annotations.Recorder;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.tls.TlsConfigurationRegistry;

/**
 * Starts the dedicated exporter, or says where the metrics are when it is off in dev mode. The decisions live in
 * {@link ExporterSettings} and {@link DedicatedExporter}.
 */
@Recorder
public class DedicatedExporterRecorder {

    private static final Logger LOG = Logger.getLogger(DedicatedExporterRecorder.class);

    private final RuntimeValue<PrometheusExportConfig> config;

    public DedicatedExporterRecorder(RuntimeValue<PrometheusExportConfig> config) {
        this.config = config;
    }

    public void startDedicatedExporter(RuntimeValue<Scraper> scraper, LaunchMode launchMode, boolean managementEnabled,
            Supplier<TlsConfigurationRegistry> tlsRegistry, ShutdownContext shutdown) {
        boolean test = launchMode == LaunchMode.TEST;
        PrometheusExportConfig export = config.getValue();
        Optional<ExporterSettings> settings = ExporterSettings.resolve(export, test, applicationPorts(test, managementEnabled),
                explicitHttpHost());
        if (settings.isEmpty()) {
            return;
        }
        // Validated before any port is bound, so that a bad value never leaves one bound.
        Optional<ExporterTls> tls = ExporterTls.resolve(export, tlsRegistry.get());
        ExporterAuthenticator authenticator = ExporterAuthenticator.fromConfig(export.auth());
        authenticator.warnIfSentInClear(settings.get().address(), tls.isPresent());
        Optional<String> applicationName = ConfigProvider.getConfig().getOptionalValue("quarkus.application.name",
                String.class);
        Optional<DedicatedExporter> exporter = DedicatedExporter.start(
                scraper.getValue().forEndpoint(ScrapeOutcomes.EXPORTER), settings.get(), limitsLikeTheMainServer(),
                tls, authenticator, applicationName);
        if (exporter.isEmpty()) {
            return;
        }
        PrometheusExporterEndpoint endpoint = Arc.container().instance(PrometheusExporterEndpoint.class).get();
        endpoint.started(exporter.get().url(), exporter.get().address());
        Optional<Runnable> stopReloading = tls.map(t -> Arc.container().instance(ExporterCertificateReloader.class).get()
                .register(t.name(), exporter.get()::updateSslOptions));
        shutdown.addShutdownTask(() -> {
            stopReloading.ifPresent(Runnable::run);
            endpoint.stopped();
            exporter.get().close();
        });
    }

    /**
     * Dev mode restarts the application inside the same JVM on every live reload, so the dedicated port is never
     * bound there; one line tells a user who configured it where the metrics are instead.
     *
     * @param metricsPath the path of the metrics route, resolved at build time
     */
    public void explainDedicatedExporterIsOff(String metricsPath, boolean onManagementInterface) {
        PrometheusExportConfig export = config.getValue();
        if (export.port().isEmpty() && export.portRange().isEmpty()) {
            return;
        }
        String key = export.port().isPresent() ? ExporterSettings.PORT_KEY : ExporterSettings.PORT_RANGE_KEY;
        Config all = ConfigProvider.getConfig();
        String server = onManagementInterface ? "quarkus.management" : "quarkus.http";
        String host = all.getOptionalValue(server + ".host", String.class).orElse("localhost");
        int port = all.getOptionalValue(server + ".port", Integer.class).orElse(onManagementInterface ? 9000 : 8080);
        if (port == 0) {
            // The random port is bound after this runs; the "Listening on" line gives it.
            LOG.infof("Dedicated Prometheus exporter (%s) is off in dev mode: metrics are served at %s on the %s port",
                    key, metricsPath, server + ".port");
            return;
        }
        LOG.infof("Dedicated Prometheus exporter (%s) is off in dev mode: metrics are served at http://%s:%d%s", key, host,
                port, metricsPath);
    }

    /**
     * {@code quarkus.http.host} when the application sets it, not Quarkus's default for it (which is the exporter's
     * own default anyway: all interfaces in production, {@code localhost} in tests).
     */
    private static Optional<String> explicitHttpHost() {
        if (!ConfigUtils.isPropertyPresent(ExporterSettings.HTTP_HOST_KEY)) {
            return Optional.empty();
        }
        return ConfigProvider.getConfig().getOptionalValue(ExporterSettings.HTTP_HOST_KEY, String.class);
    }

    /**
     * The exporter's limits, with the header and request-line limits of the application's own HTTP server
     * ({@code quarkus.http.limits.*}), so an oversized request gets the same status on both endpoints.
     */
    private static ExporterLimits limitsLikeTheMainServer() {
        Config config = ConfigProvider.getConfig();
        int maxHeaderSize = config.getOptionalValue("quarkus.http.limits.max-header-size", String.class)
                .map(size -> new MemorySizeConverter().convert(size).asBigInteger().intValueExact())
                .orElse(ExporterLimits.DEFAULT_MAX_HEADER_SIZE);
        int maxInitialLineLength = config.getOptionalValue("quarkus.http.limits.max-initial-line-length", Integer.class)
                .orElse(ExporterLimits.DEFAULT_MAX_INITIAL_LINE_LENGTH);
        return ExporterLimits.DEFAULTS.withHeaderLimits(maxHeaderSize, maxInitialLineLength);
    }

    /** The ports of the application's own servers, which a port range must skip, each with its key. */
    private static Map<Integer, String> applicationPorts(boolean test, boolean managementEnabled) {
        Config config = ConfigProvider.getConfig();
        Map<Integer, String> ports = new TreeMap<>();
        String prefix = test ? "test-" : "";
        addPort(config, ports, "quarkus.http." + prefix + "port");
        addPort(config, ports, "quarkus.http." + prefix + "ssl-port");
        if (managementEnabled) {
            addPort(config, ports, "quarkus.management." + prefix + "port");
        }
        return ports;
    }

    private static void addPort(Config config, Map<Integer, String> ports, String key) {
        config.getOptionalValue(key, Integer.class).filter(port -> port > 0).ifPresent(port -> ports.putIfAbsent(port, key));
    }
}
