package io.github.promexport.micrometer;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.StartupFailures;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/** This extension's HTTP server keys do nothing while quarkus-micrometer's binder records: the build says so. */
class HttpServerKeysIgnoredBesideQuarkusMicrometerFailBuildTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .overrideConfigKey("quarkus.prometheus.binder.http-server.match-patterns", "/static/.*=/static")
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "quarkus.prometheus.binder.http-server.match-patterns: quarkus-micrometer's HTTP server binder"
                            + " records the requests, so this extension's is off and these keys would be ignored. Use"
                            + " quarkus.micrometer.binder.http-server.match-patterns, .ignore-patterns, .max-uri-tags"
                            + " and .suppress-non-application-uris, or set"
                            + " quarkus.micrometer.binder.http-server.enabled=false to use this extension's binder"));

    @Test
    void buildFails() {
        fail("The build should have failed");
    }
}
