package io.github.promexport.deployment.binder;

import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.github.promexport.runtime.config.PrometheusBuildTimeConfig;
import io.github.promexport.runtime.config.PrometheusBuildTimeConfig.Binders;
import io.github.promexport.runtime.config.PrometheusBuildTimeConfig.Toggle;

/**
 * The build-time switch of one built-in binder, {@code quarkus.prometheus.binder.<binder>.enabled}. A binder
 * processor is gated on the extension's switch and its own:
 * {@code @BuildSteps(onlyIf = { PrometheusEnabled.class, BinderSwitch.Jvm.class })}. A binder whose meters
 * quarkus-micrometer records too is off while quarkus-micrometer's binder for them is on
 * ({@link QuarkusMicrometerBinders}).
 */
abstract class BinderSwitch implements BooleanSupplier {

    private final PrometheusBuildTimeConfig config;
    private final Function<Binders, Toggle> binder;
    private final BooleanSupplier quarkusMicrometerRecords;

    BinderSwitch(PrometheusBuildTimeConfig config, Function<Binders, Toggle> binder) {
        this(config, binder, () -> false);
    }

    BinderSwitch(PrometheusBuildTimeConfig config, Function<Binders, Toggle> binder,
            BooleanSupplier quarkusMicrometerRecords) {
        this.config = config;
        this.binder = binder;
        this.quarkusMicrometerRecords = quarkusMicrometerRecords;
    }

    @Override
    public final boolean getAsBoolean() {
        return binder.apply(config.binder()).enabled() && !quarkusMicrometerRecords.getAsBoolean();
    }

    /** {@code quarkus.prometheus.binder.jvm.enabled}. */
    static final class Jvm extends BinderSwitch {
        Jvm(PrometheusBuildTimeConfig config) {
            super(config, Binders::jvm, QuarkusMicrometerBinders::jvm);
        }
    }

    /** {@code quarkus.prometheus.binder.system.enabled}. */
    static final class ProcessAndSystem extends BinderSwitch {
        ProcessAndSystem(PrometheusBuildTimeConfig config) {
            super(config, Binders::system, QuarkusMicrometerBinders::system);
        }
    }

    /** {@code quarkus.prometheus.binder.http-server.enabled}. */
    static final class HttpServer extends BinderSwitch {
        HttpServer(PrometheusBuildTimeConfig config) {
            super(config, Binders::httpServer, QuarkusMicrometerBinders::httpServer);
        }
    }

    /** {@code quarkus.prometheus.binder.worker-pool.enabled}. */
    static final class WorkerPool extends BinderSwitch {
        WorkerPool(PrometheusBuildTimeConfig config) {
            super(config, Binders::workerPool);
        }
    }

    /** {@code quarkus.prometheus.binder.event-loop.enabled}. */
    static final class EventLoop extends BinderSwitch {
        EventLoop(PrometheusBuildTimeConfig config) {
            super(config, Binders::eventLoop);
        }
    }

    /** {@code quarkus.prometheus.binder.annotations.enabled}. */
    static final class Annotations extends BinderSwitch {
        Annotations(PrometheusBuildTimeConfig config) {
            super(config, Binders::annotations, QuarkusMicrometerBinders::annotations);
        }
    }
}
