package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Set;

import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.quarkus.test.QuarkusUnitTest;

class NameFilterSelectsMetricFamiliesTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(OrderMeters.class, Exposition.class));

    @Test
    void oneNameSelectsOneFamily() {
        assertEquals(Set.of("jvm_threads_live_threads"), families("jvm_threads_live_threads"));
    }

    @Test
    void twoNamesSelectTwoFamilies() {
        assertEquals(Set.of("jvm_threads_live_threads", "process_uptime_seconds"),
                families("jvm_threads_live_threads", "process_uptime_seconds"));
    }

    @Test
    void counterIsSelectedByItsSampleName() {
        assertEquals(Set.of("orders_placed_total"), families("orders_placed_total"));
    }

    @Test
    void infoMetricIsSelectedByItsSampleName() {
        // Its family is named jvm, which must not make every jvm_* request return it too.
        assertEquals(Set.of("jvm_info"), families("jvm_info"));
    }

    @Test
    void nameIsNotMatchedAsAPrefixOfAnotherFamily() {
        // Micrometer exports a timer as checkout_seconds (summary) and checkout_seconds_max (gauge).
        assertEquals(Set.of("checkout_seconds_max"), families("checkout_seconds_max"));
    }

    @Test
    void unknownNameSelectsNothing() {
        assertEquals(Set.of(), families("no_such_metric"));
    }

    private static Set<String> families(String... names) {
        String body = given().queryParam("name[]", (Object[]) names).get("/q/metrics")
                .then().statusCode(200).extract().asString();
        return Exposition.families(body);
    }

    @Singleton
    public static class OrderMeters implements MeterBinder {
        @Override
        public void bindTo(MeterRegistry registry) {
            Counter.builder("orders.placed").register(registry).increment();
            Timer.builder("checkout").register(registry).record(Duration.ofMillis(5));
        }
    }
}
