package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.registry.TrackingPrometheusRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A meter the registry refuses (its name is taken by a meter with other tag keys) is named in one WARN with the
 * reason, however often it is registered again, and the scrape keeps serving the meter registered first.
 */
class RefusedMeterRegistrationLogsOneWarnTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withEmptyApplication()
            .setLogRecordPredicate(r -> r.getLoggerName().equals(TrackingPrometheusRegistry.class.getName()))
            .assertLogRecords(records -> {
                List<String> warnings = records.stream().filter(r -> r.getLevel().intValue() == Level.WARNING.intValue())
                        .map(r -> ((ExtLogRecord) r).getFormattedMessage()).toList();
                assertEquals(1, warnings.size(), warnings::toString);
                String warning = warnings.get(0);
                assertTrue(warning.startsWith("Meter 'shop.orders' (COUNTER, tags [tag(channel=web)]) is not exported: "),
                        warning);
                assertTrue(warning.contains("tag keys"), () -> "the reason is Micrometer's: " + warning);
                assertTrue(warning.contains("#meter-registration-failed"), warning);
            });

    @Inject
    MeterRegistry registry;

    @Test
    void refusedMeterIsNamedOnceAndTheScrapeGoesOn() {
        registry.counter("shop.orders", "region", "eu").increment();
        for (int i = 0; i < 5; i++) {
            registry.counter("shop.orders", "channel", "web").increment();
        }
        String exposition = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(exposition.contains("shop_orders_total{region=\"eu\"} 1.0"), exposition);
        assertFalse(exposition.contains("channel=\"web\""), exposition);
    }
}
