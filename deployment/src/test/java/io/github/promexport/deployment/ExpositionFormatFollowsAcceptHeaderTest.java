package io.github.promexport.deployment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_33_0.Metrics.MetricFamily;
import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

class ExpositionFormatFollowsAcceptHeaderTest {

    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0";
    private static final String PROTOBUF = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withApplicationRoot(root -> root.addClasses(Http.class));

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Test
    void noAcceptHeaderGivesPrometheusText() throws URISyntaxException {
        HttpResponse<byte[]> response = Http.get(metrics.toURI());
        assertEquals(200, response.statusCode());
        assertEquals(TEXT, contentType(response));
        assertThat(body(response), containsString("# TYPE jvm_threads_live_threads gauge"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "application/openmetrics-text",
            // Prometheus 3.x
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
            // Prometheus 2.x
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1" })
    void openMetricsRequestsGetOpenMetrics(String accept) throws URISyntaxException {
        HttpResponse<byte[]> response = Http.get(metrics.toURI(), "Accept", accept);
        assertEquals(200, response.statusCode());
        assertThat(contentType(response), startsWith(OPEN_METRICS));
        assertThat(body(response), containsString("# TYPE jvm_threads_live_threads gauge"));
        assertThat(body(response), endsWith("# EOF\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "text/plain;q=1, application/openmetrics-text;q=0.1",
            "application/json",
            "text/plain;version=0.0.4" })
    void otherRequestsGetPrometheusTextRatherThanAnError(String accept) throws URISyntaxException {
        HttpResponse<byte[]> response = Http.get(metrics.toURI(), "Accept", accept);
        assertEquals(200, response.statusCode());
        assertEquals(TEXT, contentType(response));
        assertThat(body(response), containsString("# TYPE jvm_threads_live_threads gauge"));
    }

    @Test
    void protobufRequestGetsDelimitedMetricFamilies() throws URISyntaxException, IOException {
        HttpResponse<byte[]> response = Http.get(metrics.toURI(), "Accept",
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
        assertEquals(200, response.statusCode());
        assertEquals(PROTOBUF, contentType(response));
        assertNotEquals('#', (char) response.body()[0], "a text body");
        List<String> names = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(response.body());
        while (in.available() > 0) {
            names.add(MetricFamily.parseDelimitedFrom(in).getName());
        }
        assertThat(names, hasItem("jvm_threads_live_threads"));
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse(null);
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
