package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.util.Set;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.test.QuarkusUnitTest;

class ApplicationMeterFiltersAndBindersAreAppliedTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(Filters.class, CallMeters.class, Exposition.class));

    @Test
    void binderMetersAreExportedThroughTheFilters() {
        Set<String> families = Exposition.families(given().get("/q/metrics").then().statusCode(200)
                .extract().asString());
        assertThat(families, hasItems("kept_calls_total", "modern_calls_total"));
        assertThat(families, not(hasItem("denied_calls_total")));
        assertThat(families, not(hasItem("legacy_calls_total")));
    }

    public static class Filters {
        @Produces
        @Singleton
        MeterFilter denyPrefix() {
            return MeterFilter.denyNameStartsWith("denied.");
        }

        @Produces
        @Singleton
        MeterFilter rename() {
            return new MeterFilter() {
                @Override
                public Meter.Id map(Meter.Id id) {
                    return id.getName().startsWith("legacy.")
                            ? id.withName("modern." + id.getName().substring("legacy.".length()))
                            : id;
                }
            };
        }
    }

    @Singleton
    public static class CallMeters implements MeterBinder {
        @Override
        public void bindTo(MeterRegistry registry) {
            registry.counter("kept.calls").increment();
            registry.counter("denied.calls").increment();
            registry.counter("legacy.calls").increment();
        }
    }
}
