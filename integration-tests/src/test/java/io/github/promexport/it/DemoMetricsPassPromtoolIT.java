package io.github.promexport.it;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application (target/quarkus-app/quarkus-run.jar). */
@QuarkusIntegrationTest
class DemoMetricsPassPromtoolIT extends DemoMetricsPassPromtoolTest {
}
