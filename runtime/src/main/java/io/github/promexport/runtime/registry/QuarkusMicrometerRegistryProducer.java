package io.github.promexport.runtime.registry;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import io.github.promexport.runtime.config.PrometheusRuntimeConfig;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.tracer.common.SpanContext;

/**
 * Produces the {@link PrometheusMeterRegistry} when io.quarkus:quarkus-micrometer is part of the application (chosen at
 * build time instead of {@link PrometheusRegistryProducer}). quarkus-micrometer's root registry is Micrometer's global
 * registry: its binders, its {@code @Counted}/{@code @Timed} interceptors, the application's {@code MeterBinder} beans
 * and other extensions' {@code MetricsFactory} metrics record there, so this registry joins it, like the Prometheus
 * registry of quarkus-micrometer-registry-prometheus did: with the common tags of {@code quarkus.prometheus.tags} and
 * the application's (default-qualified) {@code MeterFilter} beans, configured before any meter reaches it. It binds no
 * {@code MeterBinder} itself (quarkus-micrometer binds them to the root, which reaches this registry).
 * <p>
 * The bean's only type is {@code PrometheusMeterRegistry}: {@code MeterRegistry} stays quarkus-micrometer's root, and
 * quarkus-micrometer, which configures every {@code MeterRegistry} bean it finds when it starts, does not configure this
 * one a second time after meters were registered (Micrometer warns about filters added late, and they would miss the
 * meters already there).
 */
@Singleton
public class QuarkusMicrometerRegistryProducer {

    @Produces
    @Singleton
    @Typed(PrometheusMeterRegistry.class)
    PrometheusMeterRegistry registry(PrometheusRuntimeConfig config, Instance<MeterFilter> filters,
            Instance<SpanContext> spanContexts) {
        PrometheusMeterRegistry registry = PrometheusRegistryProducer.newRegistry(config,
                PrometheusRegistryProducer.spanContext(spanContexts));
        for (MeterFilter filter : filters) {
            // producer methods may return null, as quarkus-micrometer's own HTTP filter producer does when a binder is off
            if (filter != null) {
                registry.config().meterFilter(filter);
            }
        }
        Metrics.globalRegistry.add(registry);
        return registry;
    }

    void close(@Disposes PrometheusMeterRegistry registry) {
        Metrics.globalRegistry.remove(registry);
        registry.close();
    }
}
