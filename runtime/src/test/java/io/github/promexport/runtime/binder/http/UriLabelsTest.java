package io.github.promexport.runtime.binder.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;

class UriLabelsTest {

    private final UriLabels plain = new UriLabels(List.of());

    @Test
    void aTemplateWinsEvenOnA404() {
        assertEquals("/hello/{name}", plain.resolve("/hello/{name}", "/hello/x", 200));
        assertEquals("/items/{id}", plain.resolve("/items/{id}", "/items/9", 404));
    }

    @Test
    void withoutATemplateTheRawPathNeverBecomesALabel() {
        assertEquals(UriLabels.NOT_FOUND, plain.resolve(null, "/random/abc", 404));
        assertEquals(UriLabels.REDIRECTION, plain.resolve(null, "/old", 302));
        assertEquals(UriLabels.ROOT, plain.resolve(null, "/", 200));
        assertEquals(UriLabels.ROOT, plain.resolve("/", "/", 200));
        assertEquals(UriLabels.UNKNOWN, plain.resolve(null, "/static/app.js", 200));
    }

    @Test
    void theFirstMatchingPatternRenamesTemplateOrPath() {
        UriLabels labels = new UriLabels(List.of("/static/.*=/static", "/v([0-9])/.*=/v$1", "/hello/\\{name\\}=/greeting"));
        assertEquals("/static", labels.resolve(null, "/static/app.js", 200));
        assertEquals("/v2", labels.resolve(null, "/v2/anything", 404));
        assertEquals("/greeting", labels.resolve("/hello/{name}", "/hello/bob", 200));
        assertEquals(UriLabels.UNKNOWN, labels.resolve(null, "/other", 200));
    }

    @Test
    void vertxParametersBecomeBracedNamesOncePerRoute() {
        assertEquals("/items/{id}/parts/{part_no}", UriLabels.convertVertxParameters("/items/:id/parts/:part_no"));
        assertEquals("/time/10:30", UriLabels.convertVertxParameters("/time/10:30"));
        assertSame(plain.vertxTemplate("/a/:b"), plain.vertxTemplate("/a/:b"));
        assertSame("/plain", plain.vertxTemplate("/plain"));
    }

    @Test
    void anEntryWithoutReplacementNamesTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new UriLabels(List.of("/x/.*")));
        assertEquals(true, e.getMessage().contains("quarkus.prometheus.binder.http-server.match-patterns"));
    }
}
