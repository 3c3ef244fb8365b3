package io.github.promexport.deployment;

import java.util.function.BooleanSupplier;

import io.quarkus.bootstrap.classloading.QuarkusClassLoader;

/**
 * True when Quarkus's own Micrometer extension, {@code io.quarkus:quarkus-micrometer}, is part of the application.
 * It is then the Micrometer integration: its root registry, its binders, its {@code @Counted}/{@code @Timed}
 * interceptors and its {@code MetricsFactory} feed this extension's registry, and this extension neither provides the
 * {@code io.quarkus.metrics} capability nor consumes {@code MetricsFactory} itself. The one build-time notion of
 * "quarkus-micrometer is there": build steps use it as {@code @BuildStep(onlyIf = QuarkusMicrometerPresent.class)} or
 * {@code onlyIfNot}, and the runtime module's extension descriptor as the condition of its capability.
 * <p>
 * Decided by a class of quarkus-micrometer's runtime jar, not by the capability, which quarkus-smallrye-metrics
 * provides too (and this extension itself when quarkus-micrometer is absent).
 */
public final class QuarkusMicrometerPresent implements BooleanSupplier {

    /** A class of io.quarkus:quarkus-micrometer's runtime jar. */
    static final String QUARKUS_MICROMETER_CLASS = "io.quarkus.micrometer.runtime.MicrometerRecorder";

    @Override
    public boolean getAsBoolean() {
        return isPresent();
    }

    public static boolean isPresent() {
        return QuarkusClassLoader.isClassPresentAtRuntime(QUARKUS_MICROMETER_CLASS);
    }
}
