package io.github.promexport.deployment.binder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.micrometer.core.annotation.Counted;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.test.QuarkusUnitTest;

class AnnotationsDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Greeter.class, Exposition.class))
            .overrideConfigKey("quarkus.prometheus.binder.annotations.enabled", "false");

    @ApplicationScoped
    public static class Greeter {
        @Counted("greetings")
        @Timed("greeting.time")
        public String greet() {
            return "hi";
        }
    }

    @Inject
    Greeter greeter;

    @Inject
    MeterRegistry registry;

    @Test
    void annotatedMethodsAreNotInterceptedOrMeasured() {
        assertEquals("hi", greeter.greet());

        assertNull(registry.find("greetings").counter());
        assertNull(registry.find("greeting.time").timer());
        assertFalse(Arc.container().instance(
                io.github.promexport.runtime.binder.annotation.CountedInterceptor.class).isAvailable());
        assertFalse(Exposition.scrape().contains("greetings"));
    }
}
