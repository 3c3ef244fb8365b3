package io.github.promexport.deployment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;
import io.quarkus.test.common.http.TestHTTPResource;

class GzipOnlyWhenAskedTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withApplicationRoot(root -> root.addClasses(Http.class));

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Test
    void gzipIsUsedWhenAccepted() throws URISyntaxException, IOException {
        HttpResponse<byte[]> response = Http.get(metrics.toURI(), "Accept-Encoding", "gzip");
        assertEquals(200, response.statusCode());
        assertEquals(Optional.of("gzip"), response.headers().firstValue("Content-Encoding"));
        String body;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(body, containsString("# TYPE jvm_threads_live_threads gauge"));
        assertThat(body, endsWith("\n"));
    }

    @Test
    void identityIsUsedOtherwise() throws URISyntaxException {
        HttpResponse<byte[]> response = Http.get(metrics.toURI());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Encoding").isEmpty(), "no Content-Encoding");
        assertThat(new String(response.body(), StandardCharsets.UTF_8),
                containsString("# TYPE jvm_threads_live_threads gauge"));
    }
}
