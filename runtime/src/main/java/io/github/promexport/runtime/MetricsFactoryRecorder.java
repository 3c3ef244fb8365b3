package io.github.promexport.runtime;

import java.util.function.Consumer;

import io.github.promexport.runtime.registry.ExtensionMetricsFactory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.annotations.Recorder;
import io.quarkus.runtime.metrics.MetricsFactory;

/** Hands Quarkus extensions' {@code MetricsFactory} consumers a factory that records into the registry. */
@Recorder
public class MetricsFactoryRecorder {

    public void registerExtensionMetrics(Consumer<MetricsFactory> consumer) {
        consumer.accept(new ExtensionMetricsFactory(Arc.container().instance(PrometheusMeterRegistry.class).get()));
    }
}
