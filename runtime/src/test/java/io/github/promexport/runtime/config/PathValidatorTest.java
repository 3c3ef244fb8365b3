package io.github.promexport.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.runtime.configuration.ConfigurationException;

class PathValidatorTest {

    @ParameterizedTest
    @ValueSource(strings = { "metrics", "/metrics", "metrics/", "/a/b.c/d-e_f~", "/", "/q/metrics;v=1" })
    void acceptsPathsMadeOfSegments(String path) {
        assertEquals(path, PathValidator.validate("quarkus.prometheus.path", " " + path + "\t", "metrics"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "my metrics", "/metrics?x=1", "/metrics#top", "/met*rics", "//metrics", "/a//b", "" })
    void rejectsOthersNamingTheKeyTheValueWhyAndAnExample(String path) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> PathValidator.validate("quarkus.prometheus.export.path", path, "/metrics"));
        assertEquals("quarkus.prometheus.export.path: \"" + path + "\" is not a valid path: use path segments without"
                + " spaces, '*', '?', '#' or empty segments. Example: quarkus.prometheus.export.path=/metrics",
                e.getMessage());
        assertEquals(Set.of("quarkus.prometheus.export.path"), e.getConfigKeys());
    }
}
