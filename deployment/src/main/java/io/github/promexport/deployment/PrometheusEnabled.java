package io.github.promexport.deployment;

import java.util.function.BooleanSupplier;

import io.github.promexport.runtime.config.PrometheusBuildTimeConfig;

/**
 * True unless {@code quarkus.prometheus.enabled=false}. Every processor of the extension is gated on it at class
 * level ({@code @BuildSteps(onlyIf = PrometheusEnabled.class)}), binder processors together with their own
 * switch.
 */
public final class PrometheusEnabled implements BooleanSupplier {

    private final PrometheusBuildTimeConfig config;

    PrometheusEnabled(PrometheusBuildTimeConfig config) {
        this.config = config;
    }

    @Override
    public boolean getAsBoolean() {
        return config.enabled();
    }
}
