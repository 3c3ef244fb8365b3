package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.quarkus.test.QuarkusUnitTest;

/**
 * A malformed {@code Accept} or {@code Accept-Encoding} is read as "no preference": the main route and the
 * dedicated port answer 200 in text without compression, over a real socket, and serve normally afterwards.
 */
class MalformedNegotiationHeadersAnswer200OnBothEndpointsTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Http.class, RawHttp.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "0");

    @Inject
    PrometheusExporterEndpoint endpoint;

    @ParameterizedTest
    @ValueSource(strings = { "Accept: ;", "Accept-Encoding: ;", "Accept: ,,,", "Accept-Encoding: ,,,", "Accept: ;q=",
            "Accept-Encoding: gzip;q=", "Accept: application/openmetrics-text;q=", "Accept: =;=",
            "Accept: application/openmetrics-text;escaping=nonsense", "Accept: LONG", "Accept-Encoding: LONG" })
    void bothEndpointsAnswer200AndServeAfterwards(String header) throws IOException {
        // Long, but within the 8 KiB header limit of both servers: the negotiation is what is under test here.
        String line = header.replace("LONG", ";q=,".repeat(1500));
        int mainPort = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        int exporterPort = endpoint.port().orElseThrow();

        assertEquals(200, RawHttp.status(mainPort, "/q/metrics", line), "main route, " + header);
        assertEquals(200, RawHttp.status(exporterPort, "/metrics", line), "dedicated port, " + header);

        for (URI uri : new URI[] { URI.create("http://localhost:" + mainPort + "/q/metrics"),
                endpoint.url().orElseThrow() }) {
            HttpResponse<String> after = Http.get(uri, Duration.ofSeconds(10));
            assertEquals(200, after.statusCode(), uri.toString());
            assertTrue(after.body().contains("# TYPE "), uri.toString());
        }
    }
}
