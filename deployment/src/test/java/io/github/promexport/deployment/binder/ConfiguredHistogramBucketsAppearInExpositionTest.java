package io.github.promexport.deployment.binder;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.enterprise.event.Observes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.Exposition;
import io.quarkus.test.QuarkusUnitTest;
import io.vertx.ext.web.Router;

class ConfiguredHistogramBucketsAppearInExpositionTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Routes.class, Exposition.class))
            .overrideRuntimeConfigKey("quarkus.prometheus.binder.http-server.body-sizes", "true")
            .overrideRuntimeConfigKey("quarkus.prometheus.distribution.slo.\"http.server.requests\"",
                    "50ms,100ms,500ms")
            .overrideRuntimeConfigKey("quarkus.prometheus.distribution.percentiles-histogram.\"http.server.response\"",
                    "true")
            .overrideRuntimeConfigKey("quarkus.prometheus.distribution.maximum-expected-value.\"http.server.response\"",
                    "4096");

    public static class Routes {
        void register(@Observes Router router) {
            router.get("/fast").handler(ctx -> ctx.end("fast"));
        }
    }

    @Test
    void sloBoundariesBecomeBucketsAndAPrefixKeyEnablesHistograms() {
        given().get("/fast").then().statusCode(200);

        String exposition = Exposition.scrape();

        assertTrue(exposition.contains("# TYPE http_server_requests_seconds histogram"), exposition);
        // Which bucket the one request falls in depends on how loaded the machine is: only the boundaries and the
        // cumulative counts are ours to assert.
        double previous = 0;
        for (String le : new String[] { "0.05", "0.1", "0.5", "+Inf" }) {
            List<String> bucket = Exposition.samples(exposition, "http_server_requests_seconds_bucket",
                    "uri=\"/fast\"", "le=\"" + le + "\"");
            assertEquals(1, bucket.size(), le + "\n" + exposition);
            double count = Exposition.value(bucket.get(0));
            assertTrue(count >= previous && count <= 1, le + "\n" + exposition);
            previous = count;
        }
        assertEquals(1.0, previous, exposition);
        assertEquals(4, Exposition.samples(exposition, "http_server_requests_seconds_bucket", "uri=\"/fast\"").size(),
                exposition);

        // "http.server.response" is a prefix of http.server.response.size: default buckets, at most 4096 bytes.
        List<String> sizeBuckets = Exposition.samples(exposition, "http_server_response_size_bytes_bucket",
                "uri=\"/fast\"");
        assertTrue(sizeBuckets.size() > 5, exposition);
        assertTrue(sizeBuckets.stream().noneMatch(line -> line.contains("le=\"5000")), exposition);
        assertTrue(exposition.contains("# TYPE http_server_request_size_bytes summary"), exposition);
    }
}
