package io.github.promexport.runtime.registry;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.github.promexport.runtime.config.PrometheusRuntimeConfig;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Produces the {@link PrometheusMeterRegistry} when io.quarkus:quarkus-micrometer is part of the application (chosen at
 * build time instead of {@link PrometheusRegistryProducer}). quarkus-micrometer finds every {@code MeterRegistry} bean
 * at startup, applies the application's {@code MeterFilter} beans to it and adds it to Micrometer's global registry,
 * its root registry, into which its binders, its {@code @Counted}/{@code @Timed} interceptors, the application's
 * {@code MeterBinder} beans and other extensions' {@code MetricsFactory} metrics record. So this producer only builds
 * the registry with the common tags of {@code quarkus.prometheus.tags}: applying the filters or binding the binders
 * here as well would filter twice and bind twice.
 * <p>
 * Injecting {@code MeterRegistry} then yields quarkus-micrometer's global registry (its producer is a prioritized
 * alternative); injecting {@code PrometheusMeterRegistry} yields this one.
 */
@Singleton
public class QuarkusMicrometerRegistryProducer {

    @Produces
    @Singleton
    PrometheusMeterRegistry registry(PrometheusRuntimeConfig config) {
        return PrometheusRegistryProducer.newRegistry(config);
    }

    void close(@Disposes PrometheusMeterRegistry registry) {
        Metrics.globalRegistry.remove(registry);
        registry.close();
    }
}
