package io.github.promexport.deployment.kubernetes;

import java.util.Optional;

import org.eclipse.microprofile.config.Config;

import io.github.promexport.deployment.DedicatedExporterTargetBuildItem;
import io.github.promexport.runtime.exporter.ExporterSettings;
import io.github.promexport.runtime.exporter.PortRange;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Reads the dedicated exporter's run-time keys as the application's configuration holds them at build time, for the
 * manifests, with the rules the exporter applies at startup. A value the exporter would refuse does not fail the
 * build: run-time keys may still be overridden where the application runs (an environment variable in the pod), and
 * when they are not, startup fails with the key, the value and the fix. The manifests then describe the route.
 */
final class ExporterTargetResolver {

    static final String TLS_KEY = ExporterSettings.PREFIX + "tls-configuration-name";

    private ExporterTargetResolver() {
    }

    /**
     * The exporter's scrape target, or empty when neither {@code port} nor {@code port-range} is set, or when
     * {@code port} is {@code 0}: a random port cannot be written into a manifest, the route is described instead.
     */
    static Optional<DedicatedExporterTargetBuildItem> resolve(Config config) {
        try {
            return resolveValid(config);
        } catch (ConfigurationException | IllegalArgumentException e) {
            // Refused by the exporter's validation, or not a number: reported at startup.
            return Optional.empty();
        }
    }

    private static Optional<DedicatedExporterTargetBuildItem> resolveValid(Config config) {
        Optional<Integer> port = config.getOptionalValue(ExporterSettings.PORT_KEY, Integer.class);
        Optional<String> range = config.getOptionalValue(ExporterSettings.PORT_RANGE_KEY, String.class);
        if (port.isEmpty() && range.isEmpty()) {
            return Optional.empty();
        }
        String path = ExporterSettings.validatePath(
                config.getOptionalValue(ExporterSettings.PATH_KEY, String.class).orElse("/metrics"));
        boolean https = config.getOptionalValue(TLS_KEY, String.class).filter(name -> !name.isBlank()).isPresent();
        if (port.isPresent()) {
            // Both set is refused at startup with its own message; the fixed port is what the manifests describe.
            int value = ExporterSettings.validatePort(ExporterSettings.PORT_KEY, port.get());
            return value == 0 ? Optional.empty()
                    : Optional.of(new DedicatedExporterTargetBuildItem(value, path, https, null));
        }
        PortRange parsed = PortRange.parse(ExporterSettings.PORT_RANGE_KEY, range.get());
        return Optional.of(new DedicatedExporterTargetBuildItem(parsed.first(), path, https, range.get().trim()));
    }
}
