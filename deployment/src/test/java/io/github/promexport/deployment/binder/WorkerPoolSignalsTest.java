package io.github.promexport.deployment.binder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ExecutorRecorder;
import io.quarkus.test.QuarkusUnitTest;

class WorkerPoolSignalsTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Exposition.class))
            .overrideConfigKey("quarkus.thread-pool.max-threads", "2")
            .overrideConfigKey("quarkus.thread-pool.core-threads", "1");

    @Inject
    MeterRegistry registry;

    @Test
    void saturatedPoolShowsActiveThreadsAndQueueDelay() throws Exception {
        ExecutorService pool = (ExecutorService) ExecutorRecorder.getCurrent();
        assertNotNull(registry.find("worker.pool.active.threads").gauge());
        assertEquals(2.0, registry.get("worker.pool.max.threads").gauge().value());

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            pool.execute(() -> {
                started.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertTrue(started.await(5, TimeUnit.SECONDS));
            Thread.sleep(1_000);
            assertEquals(2.0, registry.get("worker.pool.active.threads").gauge().value());
            double queueDelay = registry.get("worker.pool.queue.delay").gauge().value();
            assertTrue(queueDelay > 0.5, "queue delay while both threads are busy: " + queueDelay);
        } finally {
            release.countDown();
        }
        String exposition = Exposition.scrape();
        assertTrue(exposition.contains("# TYPE worker_pool_active_threads gauge"), exposition);
        assertTrue(exposition.contains("# TYPE worker_pool_queue_delay_seconds gauge"), exposition);
    }
}
