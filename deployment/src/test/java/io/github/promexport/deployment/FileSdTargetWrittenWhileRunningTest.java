package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.PrometheusExporterEndpoint;
import io.quarkus.test.QuarkusUnitTest;

/**
 * With {@code file-sd.directory} set, the process's scrape target, with the exporter's scheme and path, is in the
 * directory while it runs and gone once it has stopped.
 */
class FileSdTargetWrittenWhileRunningTest {

    private static final Path DIRECTORY = Path
            .of("target", "file-sd", FileSdTargetWrittenWhileRunningTest.class.getSimpleName()).toAbsolutePath();
    private static final Path FILE = DIRECTORY.resolve("shop@" + hostName() + "-" + ProcessHandle.current().pid() + "-"
            + ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli() + ".json");

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideConfigKey("quarkus.application.name", "shop")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "0")
            .overrideConfigKey("quarkus.prometheus.export.path", "/prom")
            .overrideRuntimeConfigKey("quarkus.prometheus.export.file-sd.directory", DIRECTORY.toString())
            .setAfterUndeployListener(() -> assertFalse(Files.exists(FILE), FILE + " is deleted on shutdown"));

    @Inject
    PrometheusExporterEndpoint endpoint;

    @Test
    void holdsTheTargetAndLabels() throws IOException {
        String target = "127.0.0.1:" + endpoint.address().orElseThrow().getPort();
        assertEquals("[{\"targets\":[\"" + target + "\"],\"labels\":{\"__metrics_path__\":\"/prom\",\"__scheme__\":\"http\","
                + "\"application\":\"shop\",\"instance\":\"" + target
                + "\",\"pid\":\"" + ProcessHandle.current().pid() + "\"}}]\n", Files.readString(FILE));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
