package io.github.promexport.deployment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.QuarkusUnitTest;

class OnlyGetAndHeadAreAllowedTest {

    @RegisterExtension
    static final QuarkusUnitTest app = new QuarkusUnitTest().withEmptyApplication();

    @Test
    void headAnswersLikeGetWithoutABody() {
        given().head("/q/metrics").then().statusCode(200)
                .header("Content-Type", startsWith("text/plain; version=0.0.4"))
                .body(emptyString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "POST", "PUT", "DELETE" })
    void otherMethodsAreRejected(String method) {
        given().request(method, "/q/metrics").then().statusCode(405)
                .header("Allow", "GET, HEAD");
    }
}
