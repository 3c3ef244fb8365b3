package io.github.promexport.deployment.binder;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.deployment.StartupFailures;
import io.micrometer.core.annotation.Counted;
import io.micrometer.core.aop.MeterTag;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.test.QuarkusUnitTest;

/** {@code @MeterTag(expression = ...)} is not supported: the build fails instead of tagging something else. */
class MeterTagExpressionFailsBuildTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Orders.class))
            .assertException(StartupFailures.causedBy(ConfigurationException.class,
                    "@MeterTag with expression or resolver is not supported: [" + Orders.class.getName()
                            + "#place(region)]. Use"
                            + " @MeterTag(key = \"...\"): the tag value is the argument's toString(); or set"
                            + " quarkus.prometheus.binder.annotations.enabled=false"));

    @ApplicationScoped
    public static class Orders {

        @Counted("orders.placed")
        public String place(@MeterTag(key = "region", expression = "toUpperCase()") String region) {
            return region;
        }
    }

    @Test
    void buildFails() {
        fail("The build should have failed");
    }
}
