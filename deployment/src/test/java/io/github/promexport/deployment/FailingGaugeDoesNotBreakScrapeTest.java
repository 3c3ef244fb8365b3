package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.quarkus.test.QuarkusUnitTest;

class FailingGaugeDoesNotBreakScrapeTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClass(BrokenGauge.class));

    @Test
    void otherFamiliesAreStillServed() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("# TYPE broken_gauge gauge"))
                .body(containsString("jvm_threads_live_threads "));
    }

    @Singleton
    public static class BrokenGauge implements MeterBinder {
        @Override
        public void bindTo(MeterRegistry registry) {
            Gauge.builder("broken.gauge", () -> {
                throw new IllegalStateException("the gauge's source is gone");
            }).register(registry);
        }
    }
}
