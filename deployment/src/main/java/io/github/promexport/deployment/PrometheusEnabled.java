package io.github.promexport.deployment;

import java.util.function.BooleanSupplier;

import io.github.promexport.runtime.config.PrometheusBuildTimeConfig;

/** True unless {@code quarkus.prometheus.enabled=false}. */
final class PrometheusEnabled implements BooleanSupplier {

    private final PrometheusBuildTimeConfig config;

    PrometheusEnabled(PrometheusBuildTimeConfig config) {
        this.config = config;
    }

    @Override
    public boolean getAsBoolean() {
        return config.enabled();
    }
}
