package io.github.promexport.deployment.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.github.promexport.deployment.DedicatedExporterTargetBuildItem;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** What the manifests are told about the dedicated exporter, from the keys application.properties holds. */
class ExporterTargetResolverTest {

    private static Optional<DedicatedExporterTargetBuildItem> resolve(Map<String, String> properties) {
        return ExporterTargetResolver.resolve(new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build());
    }

    @Test
    void noPortNoTarget() {
        assertTrue(resolve(Map.of()).isEmpty());
    }

    @Test
    void fixedPortWithDefaultPathOverHttp() {
        DedicatedExporterTargetBuildItem target = resolve(Map.of("quarkus.prometheus.export.port", "9400")).orElseThrow();
        assertEquals(9400, target.port());
        assertEquals("/metrics", target.path());
        assertEquals("http", target.scheme());
        assertNull(target.portRange());
    }

    @Test
    void tlsConfigurationMeansHttpsAndThePathIsMadeAbsolute() {
        DedicatedExporterTargetBuildItem target = resolve(Map.of("quarkus.prometheus.export.port", "9443",
                "quarkus.prometheus.export.path", "prom", "quarkus.prometheus.export.tls-configuration-name", "metrics-tls"))
                .orElseThrow();
        assertEquals("https", target.scheme());
        assertEquals("/prom", target.path());
    }

    @Test
    void rangeGivesItsFirstPortAndRemembersTheRange() {
        DedicatedExporterTargetBuildItem target = resolve(Map.of("quarkus.prometheus.export.port-range", " 9401-9450 "))
                .orElseThrow();
        assertEquals(9401, target.port());
        assertEquals("9401-9450", target.portRange());
    }

    @Test
    void randomPortCannotBeWrittenIntoAManifest() {
        assertTrue(resolve(Map.of("quarkus.prometheus.export.port", "0")).isEmpty());
    }

    @Test
    void valuesTheExporterRefusesAreLeftToStartup() {
        assertTrue(resolve(Map.of("quarkus.prometheus.export.port-range", "9450-9400")).isEmpty());
        assertTrue(resolve(Map.of("quarkus.prometheus.export.port", "nine")).isEmpty());
        assertTrue(resolve(Map.of("quarkus.prometheus.export.port", "9400", "quarkus.prometheus.export.path", "/-/healthy"))
                .isEmpty());
    }
}
