package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.Collector;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.QuarkusUnitTest;

class CollectorFailureAnswers503Test {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClass(BrokenCollector.class));

    @Test
    void scrapeAnswers503WithAOneLineReason() {
        given().get("/q/metrics").then().statusCode(503)
                .header("Content-Type", startsWith("text/plain"))
                .body(startsWith("Metrics are unavailable"))
                .body(matchesPattern("[^\n]*\n"));
    }

    @Singleton
    public static class BrokenCollector {
        void register(@Observes StartupEvent event, PrometheusMeterRegistry registry) {
            Collector broken = () -> {
                throw new IllegalStateException("collector broke");
            };
            registry.getPrometheusRegistry().register(broken);
        }
    }
}
