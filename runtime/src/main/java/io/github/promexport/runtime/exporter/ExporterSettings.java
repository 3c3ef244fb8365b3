package io.github.promexport.runtime.exporter;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.github.promexport.runtime.config.PathValidator;
import io.github.promexport.runtime.config.PrometheusExportConfig;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The dedicated exporter's configuration, validated: the address to bind, the ports to try in order, and what
 * to serve. Every invalid value fails with a message naming the key, the value, what is valid and an example.
 *
 * @param address the address to bind
 * @param portKey the key that chose the ports, for messages
 * @param portValue that key's value, for messages
 * @param candidates the ports to try, in order ({@code 0} for a random port)
 * @param skipped ports of the range left out because the application's own servers use them, with the key
 *        that says so
 * @param path the metrics path, absolute
 * @param failWhenUnavailable whether an unbindable port fails startup
 * @param fileSdDirectory where to write the file_sd target, if anywhere
 */
public record ExporterSettings(InetAddress address, String portKey, String portValue, List<Integer> candidates,
        Map<Integer, String> skipped, String path, boolean failWhenUnavailable, Optional<Path> fileSdDirectory) {

    public static final String PREFIX = "quarkus.prometheus.export.";
    public static final String PORT_KEY = PREFIX + "port";
    public static final String TEST_PORT_KEY = PREFIX + "test-port";
    public static final String PORT_RANGE_KEY = PREFIX + "port-range";
    public static final String ADDRESS_KEY = PREFIX + "address";
    public static final String PATH_KEY = PREFIX + "path";
    public static final String FAIL_KEY = PREFIX + "fail-when-unavailable";
    public static final String FILE_SD_KEY = PREFIX + "file-sd.directory";
    public static final String HEALTHY_PATH = "/-/healthy";
    /** The application's own HTTP host, which the exporter binds too when it is set explicitly. */
    public static final String HTTP_HOST_KEY = "quarkus.http.host";

    /**
     * Validates the configuration. Empty when neither a port nor a port range is set: the exporter is off.
     *
     * @param testMode whether {@code test-port} replaces {@code port} and {@code localhost} is the default address
     * @param applicationPorts the ports of the application's own servers, each with the key that sets it
     */
    public static Optional<ExporterSettings> resolve(PrometheusExportConfig config, boolean testMode,
            Map<Integer, String> applicationPorts) {
        return resolve(config, testMode, applicationPorts, Optional.empty());
    }

    /**
     * Validates the configuration. Empty when neither a port nor a port range is set: the exporter is off.
     *
     * @param testMode whether {@code test-port} replaces {@code port} and {@code localhost} is the default address
     * @param applicationPorts the ports of the application's own servers, each with the key that sets it
     * @param httpHost {@code quarkus.http.host} when the application sets it explicitly: the default address, so
     *        an application pinned to loopback does not expose its metrics on every interface
     */
    public static Optional<ExporterSettings> resolve(PrometheusExportConfig config, boolean testMode,
            Map<Integer, String> applicationPorts, Optional<String> httpHost) {
        if (config.port().isEmpty() && config.portRange().isEmpty()) {
            return Optional.empty();
        }
        if (config.port().isPresent() && config.portRange().isPresent()) {
            throw new ConfigurationException(PORT_KEY + " and " + PORT_RANGE_KEY + " are both set (" + config.port().get()
                    + " and \"" + config.portRange().get() + "\"): set only one of them. Example: " + PORT_KEY
                    + "=9400 for one process per host, or " + PORT_RANGE_KEY + "=9400-9450 for several",
                    Set.of(PORT_KEY, PORT_RANGE_KEY));
        }
        InetAddress address;
        if (config.address().isPresent()) {
            address = resolveAddress(ADDRESS_KEY, config.address().get());
        } else if (httpHost.isPresent()) {
            address = resolveAddress(HTTP_HOST_KEY, httpHost.get());
        } else {
            address = resolveAddress(ADDRESS_KEY, testMode ? "localhost" : "0.0.0.0");
        }
        String path = validatePath(config.path());
        if (config.portRange().isPresent()) {
            String value = config.portRange().get();
            PortRange range = PortRange.parse(PORT_RANGE_KEY, value);
            Map<Integer, String> skipped = new TreeMap<>();
            List<Integer> candidates = range.ports();
            for (Map.Entry<Integer, String> port : applicationPorts.entrySet()) {
                if (candidates.remove(port.getKey())) {
                    skipped.put(port.getKey(), port.getValue());
                }
            }
            return Optional.of(new ExporterSettings(address, PORT_RANGE_KEY, value, List.copyOf(candidates),
                    Map.copyOf(skipped), path, config.failWhenUnavailable(), config.fileSd().directory()));
        }
        int port = validatePort(PORT_KEY, config.port().get());
        String portKey = PORT_KEY;
        if (testMode) {
            port = validatePort(TEST_PORT_KEY, config.testPort());
            portKey = TEST_PORT_KEY;
        }
        String owner = applicationPorts.get(port);
        if (port != 0 && owner != null) {
            throw new ConfigurationException(portKey + ": " + port + " is already the port of the application's own server ("
                    + owner + "): the dedicated exporter needs a port of its own. Example: " + portKey + "=9400",
                    Set.of(portKey, owner));
        }
        return Optional.of(new ExporterSettings(address, portKey, String.valueOf(port), List.of(port), Map.of(), path,
                config.failWhenUnavailable(), config.fileSd().directory()));
    }

    public static int validatePort(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigurationException(key + ": " + port + " is not a valid port: use 1 to 65535, or 0 for a random"
                    + " free port. Example: " + key + "=9400", Set.of(key));
        }
        return port;
    }

    static InetAddress resolveAddress(String key, String value) {
        InetAddress address;
        try {
            address = InetAddress.getByName(value.trim());
        } catch (UnknownHostException e) {
            throw new ConfigurationException(key + ": \"" + value + "\" does not resolve to an IP address ("
                    + e.getMessage() + "): use a host name or an IP address of this host, or 0.0.0.0 for all interfaces."
                    + " Example: " + ADDRESS_KEY + "=127.0.0.1", addressKeys(key));
        }
        if (!isLocal(address)) {
            throw new ConfigurationException(key + ": \"" + value + "\" resolves to " + address.getHostAddress()
                    + ", which is not an address of this host: the exporter can only bind a local address, or 0.0.0.0 for"
                    + " all interfaces. Example: " + ADDRESS_KEY + "=127.0.0.1", addressKeys(key));
        }
        return address;
    }

    /** The key that gave the address, and the exporter's own key, which overrides it. */
    private static Set<String> addressKeys(String key) {
        return key.equals(ADDRESS_KEY) ? Set.of(key) : Set.of(key, ADDRESS_KEY);
    }

    private static boolean isLocal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            // Cannot tell: let the bind decide.
            return true;
        }
    }

    public static String validatePath(String value) {
        String path = PathValidator.validate(PATH_KEY, value, "/metrics");
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        if (path.equals(HEALTHY_PATH) || path.equals(HEALTHY_PATH + "/")) {
            throw PathValidator.invalid(PATH_KEY, value, "the exporter answers its health check there", "/metrics");
        }
        return path;
    }
}
