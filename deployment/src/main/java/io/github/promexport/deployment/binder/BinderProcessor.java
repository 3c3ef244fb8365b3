package io.github.promexport.deployment.binder;

import io.github.promexport.runtime.binder.JvmMetricsBinder;
import io.github.promexport.runtime.binder.SystemMetricsBinder;
import io.github.promexport.runtime.config.PrometheusBuildTimeConfig;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;

/** The built-in JVM and system meters, each behind its own build-time switch. */
public class BinderProcessor {

    @BuildStep
    void registerBinders(PrometheusBuildTimeConfig config, BuildProducer<AdditionalBeanBuildItem> beans) {
        if (!config.enabled()) {
            return;
        }
        if (config.binder().jvm().enabled()) {
            beans.produce(AdditionalBeanBuildItem.unremovableOf(JvmMetricsBinder.class));
        }
        if (config.binder().system().enabled()) {
            beans.produce(AdditionalBeanBuildItem.unremovableOf(SystemMetricsBinder.class));
        }
    }

    /**
     * Micrometer reads CPU load and file descriptor counts through reflection on the platform's
     * OperatingSystemMXBean; native images must keep those methods.
     */
    @BuildStep
    ReflectiveClassBuildItem registerSystemBeansForReflection(PrometheusBuildTimeConfig config) {
        String[] classes = config.enabled() && config.binder().system().enabled()
                ? new String[] { "com.sun.management.OperatingSystemMXBean",
                        "com.sun.management.UnixOperatingSystemMXBean" }
                : new String[0];
        return ReflectiveClassBuildItem.builder(classes).methods()
                .reason(getClass().getName() + ": Micrometer's ProcessorMetrics and FileDescriptorMetrics")
                .build();
    }
}
