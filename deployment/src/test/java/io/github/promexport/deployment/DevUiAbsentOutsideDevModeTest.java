package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.stream.Collectors;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.promexport.runtime.devui.PrometheusDevUiService;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Outside dev mode the Dev UI card does not exist: the build produces no JSON-RPC provider and no card for it, and
 * its service is no bean. A probe step in the build reports what the build produced; a system property carries it
 * across the build's and the test's class loaders.
 */
class DevUiAbsentOutsideDevModeTest {

    private static final String PROVIDERS = "promexport.test.devui.providers";
    private static final String CARDS = "promexport.test.devui.cards";

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication()
            .addBuildChainCustomizer(chain -> chain.addBuildStep(context -> {
                System.setProperty(PROVIDERS, context.consumeMulti(JsonRPCProvidersBuildItem.class).stream()
                        .map(p -> p.getJsonRPCMethodProviderClass().getName()).sorted().collect(Collectors.joining(",")));
                System.setProperty(CARDS, String.valueOf(context.consumeMulti(CardPageBuildItem.class).size()));
                context.produce(new FeatureBuildItem("devui-probe"));
            }).consumes(JsonRPCProvidersBuildItem.class).consumes(CardPageBuildItem.class)
                    .produces(FeatureBuildItem.class).build());

    @Inject
    Instance<PrometheusDevUiService> service;

    @Test
    void noJsonRpcProviderNoCardNoBean() {
        assertFalse(System.getProperty(PROVIDERS, "").contains(PrometheusDevUiService.class.getName()),
                "JSON-RPC providers of the build: " + System.getProperty(PROVIDERS));
        assertEquals("0", System.getProperty(CARDS), "Dev UI cards of the build");
        assertFalse(service.isResolvable(), "the JSON-RPC service is no bean outside dev mode");
    }
}
