package io.github.promexport.deployment.kubernetes;

import java.util.Optional;

import org.eclipse.microprofile.config.Config;

import io.github.promexport.deployment.DedicatedExporterTargetBuildItem;
import io.github.promexport.runtime.exporter.ExporterSettings;
import io.github.promexport.runtime.exporter.PortRange;

/**
 * Reads the dedicated exporter's run-time keys as the application's configuration holds them at build time, for the
 * manifests. The same validation as at startup, so a value the application would refuse fails the build with the
 * same message instead of producing manifests for a port that never opens.
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
