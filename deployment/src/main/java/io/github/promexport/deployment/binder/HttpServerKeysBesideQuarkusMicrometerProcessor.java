package io.github.promexport.deployment.binder;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.github.promexport.deployment.PrometheusEnabled;
import io.github.promexport.deployment.QuarkusMicrometerPresent;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * While quarkus-micrometer's HTTP server binder records the requests, this extension's is off, and its settings would
 * be silently ignored: the build names them and the quarkus-micrometer keys to use instead.
 */
@BuildSteps(onlyIf = { PrometheusEnabled.class, QuarkusMicrometerPresent.class })
class HttpServerKeysBesideQuarkusMicrometerProcessor {

    static final String PREFIX = "quarkus.prometheus.binder.http-server.";

    @BuildStep
    void rejectHttpServerKeysIgnoredBesideQuarkusMicrometer(BuildProducer<ValidationErrorBuildItem> errors) {
        if (!QuarkusMicrometerBinders.httpServer()) {
            return;
        }
        Config config = ConfigProvider.getConfig();
        List<String> ignored = new ArrayList<>();
        for (String key : List.of("match-patterns", "ignore-patterns")) {
            if (config.getOptionalValue(PREFIX + key, String.class).isPresent()) {
                ignored.add(PREFIX + key);
            }
        }
        if (config.getOptionalValue(PREFIX + "max-uri-tags", Integer.class).orElse(100) != 100) {
            ignored.add(PREFIX + "max-uri-tags");
        }
        if (config.getOptionalValue(PREFIX + "include-non-application-endpoints", Boolean.class).orElse(false)) {
            ignored.add(PREFIX + "include-non-application-endpoints");
        }
        if (!ignored.isEmpty()) {
            errors.produce(new ValidationErrorBuildItem(
                    new ConfigurationException(String.join(", ", ignored) + ": quarkus-micrometer's HTTP server binder"
                            + " records the requests, so this extension's is off and these keys would be ignored. Use"
                            + " quarkus.micrometer.binder.http-server.match-patterns, .ignore-patterns, .max-uri-tags and"
                            + " .suppress-non-application-uris, or set quarkus.micrometer.binder.http-server.enabled=false to"
                            + " use this extension's binder", Set.copyOf(ignored))));
        }
    }
}
