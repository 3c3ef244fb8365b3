package io.github.promexport.deployment.binder;

import io.github.promexport.deployment.PrometheusEnabled;
import io.github.promexport.runtime.binder.pool.WorkerPoolMetricsBinder;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.processor.BuiltinScope;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.BuildSteps;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;

/** Worker pool starvation signals, when {@code quarkus.prometheus.binder.worker-pool.enabled} is true. */
@BuildSteps(onlyIf = { PrometheusEnabled.class, BinderSwitch.WorkerPool.class })
class WorkerPoolMetricsProcessor {

    /** Beside quarkus-micrometer's Vert.x binder, the variant whose probe gauge does not take that binder's name. */
    @BuildStep
    AdditionalBeanBuildItem registerWorkerPoolBinder() {
        return AdditionalBeanBuildItem.builder()
                .addBeanClass(QuarkusMicrometerBinders.vertx()
                        ? WorkerPoolMetricsBinder.BesideQuarkusMicrometer.class
                        : WorkerPoolMetricsBinder.class)
                .setDefaultScope(BuiltinScope.SINGLETON.getName())
                .setUnremovable()
                .build();
    }

    /** The binder unwraps Quarkus's executor wrapper through its protected {@code delegate()} method. */
    @BuildStep
    ReflectiveClassBuildItem registerExecutorWrapperForReflection() {
        return ReflectiveClassBuildItem
                .builder("io.quarkus.runtime.util.NoopShutdownScheduledExecutorService",
                        "io.quarkus.runtime.util.ForwardingScheduledExecutorService",
                        "io.quarkus.runtime.util.ForwardingExecutorService")
                .methods()
                .reason(getClass().getName() + ": WorkerPoolMetricsBinder reads the worker pool behind the wrapper")
                .build();
    }
}
