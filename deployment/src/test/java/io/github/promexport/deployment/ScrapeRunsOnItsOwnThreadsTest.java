package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A scrape reads the meters on the extension's own daemon threads: never on an event loop (which it would
 * block) and never in the application's worker pool (which may be saturated when metrics matter most).
 */
class ScrapeRunsOnItsOwnThreadsTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClass(ThreadRecordingGauge.class));

    @Test
    void gaugesAreReadOnPrometheusScrapeThreads() {
        ThreadRecordingGauge.THREADS.clear();
        for (int i = 0; i < 5; i++) {
            given().get("/q/metrics").then().statusCode(200);
            given().header("Accept", "application/openmetrics-text").get("/q/metrics").then().statusCode(200);
        }
        List<String> threads = List.copyOf(ThreadRecordingGauge.THREADS);
        assertFalse(threads.isEmpty(), "the gauge was read");
        assertTrue(threads.stream().allMatch(name -> name.startsWith("prometheus-scrape-")),
                () -> "scrapes ran on " + threads);
    }

    @Singleton
    public static class ThreadRecordingGauge implements MeterBinder {
        static final List<String> THREADS = new CopyOnWriteArrayList<>();

        @Override
        public void bindTo(MeterRegistry registry) {
            Gauge.builder("thread.recording", () -> {
                THREADS.add(Thread.currentThread().getName());
                return 1;
            }).description("Records the thread that reads it").register(registry);
        }
    }
}
