package io.github.promexport.deployment.binder;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;

import jakarta.enterprise.event.Observes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.ext.web.Router;

class UriTagCapDropsNewValuesWithOneWarningTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Routes.class, Exposition.class))
            .overrideRuntimeConfigKey("quarkus.prometheus.binder.http-server.max-uri-tags", "3")
            .setLogRecordPredicate(record -> record.getLevel().intValue() >= Level.WARNING.intValue()
                    && record.getLoggerName().startsWith("io.github.promexport"))
            .assertLogRecords(records -> {
                assertEquals(1, records.size(), () -> records.toString());
                String message = String.format(records.get(0).getMessage(), records.get(0).getParameters());
                assertTrue(message.contains("quarkus.prometheus.binder.http-server.max-uri-tags"), message);
            });

    public static class Routes {
        void register(@Observes Router router) {
            for (int i = 0; i < 10; i++) {
                router.get("/r" + i).handler(ctx -> ctx.end("ok"));
            }
        }
    }

    @Test
    void keepsTheFirstThreeUrisAndDropsTheRest() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 10; i++) {
                given().get("/r" + i).then().statusCode(200);
            }
        }

        String exposition = Exposition.scrape();

        List<String> requests = Exposition.samples(exposition, "http_server_requests_seconds_count");
        assertEquals(3, requests.size(), exposition);
        for (int i = 0; i < 3; i++) {
            List<String> kept = Exposition.samples(exposition, "http_server_requests_seconds_count",
                    "uri=\"/r" + i + "\"");
            assertEquals(1, kept.size(), exposition);
            assertEquals(2.0, Exposition.value(kept.get(0)), exposition);
        }
    }
}
