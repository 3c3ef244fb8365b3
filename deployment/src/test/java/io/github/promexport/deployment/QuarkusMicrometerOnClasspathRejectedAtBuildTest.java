package io.github.promexport.deployment;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.maven.dependency.Dependency;
import io.quarkus.test.QuarkusUnitTest;

class QuarkusMicrometerOnClasspathRejectedAtBuildTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .setForcedDependencies(List.of(Dependency.of("io.quarkus", "quarkus-micrometer", "3.33.2")))
            .assertException(failure -> assertThat(Exposition.messages(failure),
                    allOf(containsString("io.quarkus:quarkus-micrometer"),
                            containsString("Remove the io.quarkus:quarkus-micrometer* dependency"))));

    @Test
    void buildFails() {
        fail("The build should have failed");
    }
}
