package io.github.promexport.deployment.binder;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.quarkus.test.QuarkusUnitTest;

class EventLoopBinderDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Exposition.class))
            .overrideConfigKey("quarkus.prometheus.binder.event-loop.enabled", "false");

    @Test
    void noEventLoopDelayMeters() {
        String exposition = Exposition.scrape();

        assertFalse(exposition.contains("vertx_event_loop_delay"), exposition);
        assertTrue(exposition.contains("worker_pool_active_threads"), exposition);
    }
}
