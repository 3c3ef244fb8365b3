package io.github.promexport.deployment.binder;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

class EventLoopDelayRisesWhileLoopIsBlockedTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Exposition.class));

    @Inject
    MeterRegistry registry;

    @Inject
    Vertx vertx;

    @Test
    void delayOfTheBlockedLoopGrowsWhileItIsBlocked() throws Exception {
        Collection<Gauge> gauges = registry.find("vertx.event.loop.delay").gauges();
        assertFalse(gauges.isEmpty(), "one gauge per event loop");
        assertTrue(maxDelay(gauges) < 0.5, "an idle loop is on time: " + maxDelay(gauges));

        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ((VertxInternal) vertx).getEventLoopGroup().next().execute(() -> {
            blocking.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertTrue(blocking.await(5, TimeUnit.SECONDS));
            Thread.sleep(1_200);
            // Read while the loop is still blocked: the pending probe is overdue by about a second.
            double whileBlocked = maxDelay(gauges);
            assertTrue(whileBlocked > 0.7, "delay while blocked: " + whileBlocked);
        } finally {
            release.countDown();
        }
        String exposition = Exposition.scrape();
        assertTrue(exposition.contains("# TYPE vertx_event_loop_delay_seconds gauge"), exposition);
        assertTrue(exposition.contains("vertx_event_loop_delay_seconds{loop=\"0\"}"), exposition);
    }

    private static double maxDelay(Collection<Gauge> gauges) {
        return gauges.stream().mapToDouble(Gauge::value).max().orElse(0);
    }
}
