package io.github.promexport.deployment.binder;

import java.util.function.BooleanSupplier;

import io.github.promexport.runtime.config.PrometheusBuildTimeConfig;

/** Build-time switches of the binders, for {@code @BuildSteps(onlyIf = ...)}; each implies the extension is on. */
final class BinderSwitches {

    private BinderSwitches() {
    }

    /** {@code quarkus.prometheus.enabled}. */
    static final class ExtensionEnabled implements BooleanSupplier {
        private final PrometheusBuildTimeConfig config;

        ExtensionEnabled(PrometheusBuildTimeConfig config) {
            this.config = config;
        }

        @Override
        public boolean getAsBoolean() {
            return config.enabled();
        }
    }

    /** {@code quarkus.prometheus.binder.http-server.enabled}. */
    static final class HttpServerEnabled implements BooleanSupplier {
        private final PrometheusBuildTimeConfig config;

        HttpServerEnabled(PrometheusBuildTimeConfig config) {
            this.config = config;
        }

        @Override
        public boolean getAsBoolean() {
            return config.enabled() && config.binder().httpServer().enabled();
        }
    }

    /** {@code quarkus.prometheus.binder.worker-pool.enabled}. */
    static final class WorkerPoolEnabled implements BooleanSupplier {
        private final PrometheusBuildTimeConfig config;

        WorkerPoolEnabled(PrometheusBuildTimeConfig config) {
            this.config = config;
        }

        @Override
        public boolean getAsBoolean() {
            return config.enabled() && config.binder().workerPool().enabled();
        }
    }

    /** {@code quarkus.prometheus.binder.event-loop.enabled}. */
    static final class EventLoopEnabled implements BooleanSupplier {
        private final PrometheusBuildTimeConfig config;

        EventLoopEnabled(PrometheusBuildTimeConfig config) {
            this.config = config;
        }

        @Override
        public boolean getAsBoolean() {
            return config.enabled() && config.binder().eventLoop().enabled();
        }
    }

    /** {@code quarkus.prometheus.binder.annotations.enabled}. */
    static final class AnnotationsEnabled implements BooleanSupplier {
        private final PrometheusBuildTimeConfig config;

        AnnotationsEnabled(PrometheusBuildTimeConfig config) {
            this.config = config;
        }

        @Override
        public boolean getAsBoolean() {
            return config.enabled() && config.binder().annotations().enabled();
        }
    }
}
