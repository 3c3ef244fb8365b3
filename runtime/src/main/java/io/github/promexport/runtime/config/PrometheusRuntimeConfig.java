package io.github.promexport.runtime.config;

import java.util.Map;

import io.quarkus.runtime.annotations.ConfigDocMapKey;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;

/**
 * What an operator sets per deployment.
 */
@ConfigMapping(prefix = "quarkus.prometheus")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface PrometheusRuntimeConfig {

    /**
     * Common tags added to every meter of the registry, as Prometheus labels. Example:
     * `quarkus.prometheus.tags."region"=eu-west`.
     *
     * A tag key must be a valid Prometheus label name (letters, digits and `_`, not starting with a digit,
     * not starting with `__`) and its value must not be empty.
     */
    @ConfigDocMapKey("tag-name")
    Map<String, String> tags();
}
