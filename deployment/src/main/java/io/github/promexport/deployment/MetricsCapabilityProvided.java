package io.github.promexport.deployment;

import java.util.function.BooleanSupplier;

import io.quarkus.bootstrap.classloading.QuarkusClassLoader;

/**
 * The condition under which this extension provides the {@code io.quarkus.metrics} capability (declared in the
 * runtime module's extension descriptor): when no other extension provides it, that is neither quarkus-micrometer
 * ({@link QuarkusMicrometerPresent}) nor quarkus-smallrye-metrics. Extensions that publish through
 * {@code MetricsFactory} (Agroal, Hibernate ORM...) look for that capability.
 */
public final class MetricsCapabilityProvided implements BooleanSupplier {

    /** A class of io.quarkus:quarkus-smallrye-metrics's runtime jar. */
    static final String SMALLRYE_METRICS_CLASS = "io.quarkus.smallrye.metrics.runtime.SmallRyeMetricsRecorder";

    @Override
    public boolean getAsBoolean() {
        return !QuarkusMicrometerPresent.isPresent() && !QuarkusClassLoader.isClassPresentAtRuntime(SMALLRYE_METRICS_CLASS);
    }
}
