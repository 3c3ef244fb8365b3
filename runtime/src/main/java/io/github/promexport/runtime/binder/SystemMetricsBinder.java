package io.github.promexport.runtime.binder;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Process and system meters: available processors, CPU usage and load average, CPU time, uptime and start
 * time, open and maximum file descriptors. Registered when {@code quarkus.prometheus.binder.system.enabled} is
 * true (the default).
 * <p>
 * Two of Micrometer's names break Prometheus's naming rules ({@code promtool check metrics} warns on them), so
 * this binder is also a {@link MeterFilter} that fixes them before they are registered:
 * {@code system_cpu_count} (a gauge must not end in {@code _count}) becomes {@code system_available_processors},
 * and {@code process_cpu_time_ns_total} (abbreviated, non-base unit) is replaced by the conventional
 * {@code process_cpu_seconds_total}.
 */
@Singleton
public class SystemMetricsBinder implements MeterBinder, MeterFilter {

    private static final String MICROMETER_CPU_COUNT = "system.cpu.count";
    private static final String MICROMETER_CPU_TIME = "process.cpu.time";

    @Override
    public void bindTo(MeterRegistry registry) {
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean platform && platform.getProcessCpuTime() >= 0) {
            FunctionCounter.builder("process.cpu", platform, bean -> bean.getProcessCpuTime() / 1e9)
                    .description("The CPU time used by the Java virtual machine process")
                    .baseUnit("seconds")
                    .register(registry);
        }
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        if (id.getName().equals(MICROMETER_CPU_COUNT)) {
            return id.withName("system.available.processors");
        }
        return id;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        if (id.getName().equals(MICROMETER_CPU_TIME) && "ns".equals(id.getBaseUnit())) {
            return MeterFilterReply.DENY;
        }
        return MeterFilterReply.NEUTRAL;
    }
}
