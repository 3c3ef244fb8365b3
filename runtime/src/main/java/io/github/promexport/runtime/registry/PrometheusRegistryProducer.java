package io.github.promexport.runtime.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.github.promexport.runtime.config.PrometheusRuntimeConfig;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.tracer.common.SpanContext;
import io.quarkus.arc.All;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Produces the application's {@link PrometheusMeterRegistry}, injectable as {@code MeterRegistry} too, and adds
 * it to Micrometer's global registry so that meters created through {@code Metrics} are exported as well.
 * <p>
 * Order matters in Micrometer: filters apply only to meters registered after them, so the common tags and the
 * application's {@link MeterFilter} beans are configured before any {@link MeterBinder} runs.
 * <p>
 * Exemplars: when a {@link SpanContext} bean exists (quarkus-opentelemetry's current span, or the application's
 * own), counters, timers and distribution summaries sample exemplars from it.
 */
@Singleton
public class PrometheusRegistryProducer {

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    @Produces
    @Singleton
    PrometheusMeterRegistry registry(PrometheusRuntimeConfig config, @All List<MeterFilter> filters,
            @All List<MeterBinder> binders, Instance<SpanContext> spanContexts) {
        PrometheusMeterRegistry registry = newRegistry(config, spanContext(spanContexts));
        for (MeterFilter filter : filters) {
            registry.config().meterFilter(filter);
        }
        for (MeterBinder binder : binders) {
            binder.bindTo(registry);
        }
        Metrics.globalRegistry.add(registry);
        return registry;
    }

    /**
     * A registry on a {@link TrackingPrometheusRegistry} (it lets the scrape write Micrometer's meters without
     * building snapshots), with the common tags of {@code quarkus.prometheus.tags} as its first filter; it samples
     * exemplars from {@code spanContext} unless that is {@code null}.
     */
    static PrometheusMeterRegistry newRegistry(PrometheusRuntimeConfig config, SpanContext spanContext) {
        List<Tag> commonTags = commonTags(config.tags());
        TrackingPrometheusRegistry prometheusRegistry = new TrackingPrometheusRegistry();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheusRegistry,
                Clock.SYSTEM, spanContext);
        prometheusRegistry.trackMeters(registry);
        prometheusRegistry.exemplarsSampled(spanContext != null);
        if (!commonTags.isEmpty()) {
            registry.config().meterFilter(MeterFilter.commonTags(commonTags));
        }
        return registry;
    }

    /** The application's or quarkus-opentelemetry's {@link SpanContext}, or {@code null} when there is none. */
    static SpanContext spanContext(Instance<SpanContext> spanContexts) {
        return spanContexts.isResolvable() ? spanContexts.get() : null;
    }

    void close(@Disposes PrometheusMeterRegistry registry) {
        Metrics.globalRegistry.remove(registry);
        registry.close();
    }

    /** Validates {@code quarkus.prometheus.tags} and returns them in a stable order. */
    static List<Tag> commonTags(Map<String, String> tags) {
        List<Tag> result = new ArrayList<>();
        for (Map.Entry<String, String> tag : new TreeMap<>(tags).entrySet()) {
            String key = "quarkus.prometheus.tags.\"" + tag.getKey() + "\"";
            if (!LABEL_NAME.matcher(tag.getKey()).matches() || tag.getKey().startsWith("__")) {
                throw new ConfigurationException(key + ": \"" + tag.getKey()
                        + "\" is not a valid Prometheus label name: use letters, digits and '_', do not start with a digit or with '__'. Example: quarkus.prometheus.tags.\"region\"=eu-west",
                        Set.of(key));
            }
            if (tag.getValue() == null || tag.getValue().isBlank()) {
                throw new ConfigurationException(
                        key + ": the value is empty; a Prometheus label needs a value. Example: quarkus.prometheus.tags.\""
                                + tag.getKey() + "\"=eu-west",
                        Set.of(key));
            }
            result.add(Tag.of(tag.getKey(), tag.getValue()));
        }
        return result;
    }
}
