package io.github.promexport.runtime.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.github.promexport.runtime.config.PrometheusExportConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.http.ClientAuth;

class ExporterSettingsTest {

    private static final Map<Integer, String> APP_PORTS = Map.of(8080, "quarkus.http.port", 8443,
            "quarkus.http.ssl-port");

    record Config(Optional<Integer> port, int testPort, Optional<String> portRange, Optional<String> address,
            String path, boolean failWhenUnavailable, FileSd fileSd) implements PrometheusExportConfig {

        static Config port(int port) {
            return new Config(Optional.of(port), 0, Optional.empty(), Optional.empty(), "/metrics", true, Optional::empty);
        }

        static Config range(String range) {
            return new Config(Optional.empty(), 0, Optional.of(range), Optional.empty(), "/metrics", true, Optional::empty);
        }

        Config withAddress(String address) {
            return new Config(port, testPort, portRange, Optional.of(address), path, failWhenUnavailable, fileSd);
        }

        Config withPath(String path) {
            return new Config(port, testPort, portRange, address, path, failWhenUnavailable, fileSd);
        }

        Config withTestPort(int testPort) {
            return new Config(port, testPort, portRange, address, path, failWhenUnavailable, fileSd);
        }

        // Security is resolved apart from the settings (ExporterTls, ExporterAuthenticator): off here.
        @Override
        public Optional<String> tlsConfigurationName() {
            return Optional.empty();
        }

        @Override
        public ClientAuth tlsClientAuth() {
            return ClientAuth.NONE;
        }

        @Override
        public Auth auth() {
            return ExporterAuthenticatorTest.auth(null, null, null, false);
        }
    }

    private static ExporterSettings prod(PrometheusExportConfig config) {
        return ExporterSettings.resolve(config, false, APP_PORTS).orElseThrow();
    }

    @Test
    void isOffWithoutPortOrRange() {
        Config none = new Config(Optional.empty(), 0, Optional.empty(), Optional.of("127.0.0.1"), "/metrics", true,
                () -> Optional.of(Path.of("x")));
        assertTrue(ExporterSettings.resolve(none, false, APP_PORTS).isEmpty());
    }

    @Test
    void bindsAllInterfacesInProductionAndLocalhostInTests() throws Exception {
        assertTrue(prod(Config.port(9400)).address().isAnyLocalAddress());
        ExporterSettings test = ExporterSettings.resolve(Config.port(9400), true, APP_PORTS).orElseThrow();
        assertEquals(InetAddress.getByName("localhost"), test.address());
    }

    @Test
    void bindsTheApplicationsExplicitHttpHostUnlessTheExporterHasItsOwnAddress() throws Exception {
        ExporterSettings pinned = ExporterSettings.resolve(Config.port(9400), false, APP_PORTS, Optional.of("127.0.0.1"))
                .orElseThrow();
        assertEquals(InetAddress.getByName("127.0.0.1"), pinned.address());
        Config own = new Config(Optional.of(9400), 0, Optional.empty(), Optional.of("0.0.0.0"), "/metrics", true,
                () -> Optional.empty());
        assertTrue(ExporterSettings.resolve(own, false, APP_PORTS, Optional.of("127.0.0.1")).orElseThrow().address()
                .isAnyLocalAddress());
    }

    @Test
    void anUnresolvableHttpHostNamesThatKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ExporterSettings.resolve(
                Config.port(9400), false, APP_PORTS, Optional.of("no-such-host.invalid")));
        assertTrue(e.getMessage().startsWith("quarkus.http.host: \"no-such-host.invalid\" does not resolve"),
                e.getMessage());
    }

    @Test
    void testModeBindsTestPortInsteadOfPort() {
        ExporterSettings test = ExporterSettings.resolve(Config.port(9400).withTestPort(9401), true, APP_PORTS)
                .orElseThrow();
        assertEquals(List.of(9401), test.candidates());
        assertEquals("quarkus.prometheus.export.test-port", test.portKey());
        assertEquals(List.of(0),
                ExporterSettings.resolve(Config.port(9400), true, APP_PORTS).orElseThrow().candidates());
    }

    @Test
    void rangeSkipsTheApplicationsOwnPorts() {
        ExporterSettings settings = prod(Config.range("8079-8081"));
        assertEquals(List.of(8079, 8081), settings.candidates());
        assertEquals(Map.of(8080, "quarkus.http.port"), settings.skipped());
    }

    @Test
    void rejectsPortAndRangeTogether() {
        Config both = new Config(Optional.of(9400), 0, Optional.of("9400-9450"), Optional.empty(), "/metrics", true,
                Optional::empty);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> prod(both));
        assertTrue(e.getMessage().startsWith("quarkus.prometheus.export.port and quarkus.prometheus.export.port-range are"
                + " both set (9400 and \"9400-9450\"): set only one of them."), e.getMessage());
    }

    @Test
    void rejectsPortsOutside0To65535() {
        for (int port : new int[] { -1, 65536, 70000 }) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> prod(Config.port(port)));
            assertEquals("quarkus.prometheus.export.port: " + port + " is not a valid port: use 1 to 65535, or 0 for a"
                    + " random free port. Example: quarkus.prometheus.export.port=9400", e.getMessage());
        }
        assertEquals(List.of(0), prod(Config.port(0)).candidates());
    }

    @Test
    void rejectsAnInvalidTestPortInTestModeOnly() {
        Config config = Config.port(9400).withTestPort(70000);
        assertEquals(List.of(9400), prod(config).candidates());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ExporterSettings.resolve(config, true, APP_PORTS));
        assertTrue(e.getMessage().startsWith("quarkus.prometheus.export.test-port: 70000 is not a valid port"));
    }

    @Test
    void rejectsTheApplicationsHttpPort() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> prod(Config.port(8080)));
        assertTrue(e.getMessage().startsWith("quarkus.prometheus.export.port: 8080 is already the port of the"
                + " application's own server (quarkus.http.port)"), e.getMessage());
    }

    @Test
    void rejectsAnAddressThatDoesNotResolve() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> prod(Config.port(9400).withAddress("no-such-host.invalid")));
        assertTrue(e.getMessage().startsWith("quarkus.prometheus.export.address: \"no-such-host.invalid\" does not"
                + " resolve to an IP address"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Example: quarkus.prometheus.export.address=127.0.0.1"), e.getMessage());
    }

    @Test
    void rejectsAnAddressOfAnotherHost() {
        // 192.0.2.0/24 is reserved for documentation (RFC 5737): never an address of this host.
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> prod(Config.port(9400).withAddress("192.0.2.1")));
        assertTrue(e.getMessage().contains("is not an address of this host"), e.getMessage());
    }

    @Test
    void addsTheLeadingSlashToThePathAndKeepsHealthCheckFree() {
        assertEquals("/prometheus", prod(Config.port(9400).withPath("prometheus")).path());
        ConfigurationException taken = assertThrows(ConfigurationException.class,
                () -> prod(Config.port(9400).withPath("/-/healthy")));
        assertEquals("quarkus.prometheus.export.path: \"/-/healthy\" is not a valid path: the exporter answers its"
                + " health check there. Example: quarkus.prometheus.export.path=/metrics", taken.getMessage());
        ConfigurationException invalid = assertThrows(ConfigurationException.class,
                () -> prod(Config.port(9400).withPath("/a b")));
        assertTrue(invalid.getMessage().startsWith("quarkus.prometheus.export.path: \"/a b\" is not a valid path"));
    }
}
