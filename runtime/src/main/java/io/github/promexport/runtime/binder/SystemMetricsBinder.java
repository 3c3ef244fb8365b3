package io.github.promexport.runtime.binder;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * Process and system meters: CPU count, usage and load average, uptime and start time, open and maximum file
 * descriptors. Registered when {@code quarkus.prometheus.binder.system.enabled} is true (the default).
 */
@Singleton
public class SystemMetricsBinder implements MeterBinder {

    @Override
    public void bindTo(MeterRegistry registry) {
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }
}
