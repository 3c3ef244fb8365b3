package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.test.QuarkusUnitTest;

class CommonTagsOnEverySeriesTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withApplicationRoot(root -> root.addClasses(Exposition.class))
            .overrideConfigKey("quarkus.prometheus.tags.\"region\"", "eu");

    @Test
    void everySampleCarriesTheCommonTag() {
        List<String> samples = Exposition.samples(given().get("/q/metrics").then().statusCode(200)
                .extract().asString());
        assertThat(samples.size(), greaterThan(10));
        assertThat(samples, everyItem(containsString("region=\"eu\"")));
    }
}
