package io.github.promexport.deployment.binder;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.github.promexport.deployment.QuarkusMicrometerPresent;

/**
 * Which of quarkus-micrometer's binders are on, by its own rule: {@code quarkus.micrometer.enabled}, then
 * {@code quarkus.micrometer.binder.enable-all}, then the binder's key, defaulting to
 * {@code quarkus.micrometer.binder-enabled-default} (true). Where quarkus-micrometer and this extension both have a
 * binder for the same meters (JVM, system, HTTP server requests), quarkus-micrometer's is used when it is on, so that
 * every {@code quarkus.micrometer.binder.*} key keeps its meaning, and this extension's stays off: no meter family is
 * recorded twice. Read from the build's configuration, as quarkus-micrometer does (these keys are build-time keys).
 */
final class QuarkusMicrometerBinders {

    private QuarkusMicrometerBinders() {
    }

    /** {@code quarkus.micrometer.binder.jvm}. */
    static boolean jvm() {
        return on("quarkus.micrometer.binder.jvm");
    }

    /** {@code quarkus.micrometer.binder.system}. */
    static boolean system() {
        return on("quarkus.micrometer.binder.system");
    }

    /** {@code quarkus.micrometer.binder.http-server.enabled}, which also needs the Vert.x binder. */
    static boolean httpServer() {
        return vertx() && on("quarkus.micrometer.binder.http-server.enabled");
    }

    /** {@code quarkus.micrometer.binder.vertx.enabled}: among others, its Vert.x pool meters {@code worker.pool.*}. */
    static boolean vertx() {
        return on("quarkus.micrometer.binder.vertx.enabled");
    }

    /** quarkus-micrometer's {@code @Counted}/{@code @Timed} interceptors have no switch: on with the extension. */
    static boolean annotations() {
        return QuarkusMicrometerPresent.isPresent();
    }

    private static boolean on(String key) {
        if (!QuarkusMicrometerPresent.isPresent()) {
            return false;
        }
        Config config = ConfigProvider.getConfig();
        if (!config.getOptionalValue("quarkus.micrometer.enabled", Boolean.class).orElse(true)) {
            return false;
        }
        if (config.getOptionalValue("quarkus.micrometer.binder.enable-all", Boolean.class).orElse(false)) {
            return true;
        }
        return config.getOptionalValue(key, Boolean.class)
                .orElseGet(() -> config.getOptionalValue("quarkus.micrometer.binder-enabled-default", Boolean.class)
                        .orElse(true));
    }
}
