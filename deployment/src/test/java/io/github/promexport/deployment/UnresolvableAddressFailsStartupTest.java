package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

class UnresolvableAddressFailsStartupTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideRuntimeConfigKey("quarkus.prometheus.export.port", "0")
            // .invalid never resolves (RFC 6761).
            .overrideRuntimeConfigKey("quarkus.prometheus.export.address", "no-such-host.invalid")
            .assertException(StartupFailures.causedBy(ConfigurationException.class, message -> {
                assertTrue(message.startsWith("quarkus.prometheus.export.address: \"no-such-host.invalid\" does not"
                        + " resolve to an IP address"), message);
                assertTrue(message.endsWith("use a host name or an IP address of this host, or 0.0.0.0 for all"
                        + " interfaces. Example: quarkus.prometheus.export.address=127.0.0.1"), message);
            }));

    @Test
    void startupFails() {
        fail("Startup should have failed");
    }
}
