package io.github.promexport.deployment.binder;

import io.github.promexport.deployment.PrometheusEnabled;
import io.github.promexport.runtime.binder.SystemMetricsBinder;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;

/**
 * Process and system meters (CPU, uptime, file descriptors), when {@code quarkus.prometheus.binder.system.enabled}.
 */
@BuildSteps(onlyIf = { PrometheusEnabled.class, BinderSwitch.ProcessAndSystem.class })
class SystemMetricsProcessor {

    @BuildStep
    AdditionalBeanBuildItem registerSystemBinder() {
        return AdditionalBeanBuildItem.unremovableOf(SystemMetricsBinder.class);
    }

    /**
     * Micrometer reads CPU load and file descriptor counts through reflection on the platform's
     * OperatingSystemMXBean; native images must keep those methods.
     */
    @BuildStep
    ReflectiveClassBuildItem registerSystemBeansForReflection() {
        return ReflectiveClassBuildItem
                .builder("com.sun.management.OperatingSystemMXBean", "com.sun.management.UnixOperatingSystemMXBean")
                .methods()
                .reason(getClass().getName() + ": Micrometer's ProcessorMetrics and FileDescriptorMetrics")
                .build();
    }
}
