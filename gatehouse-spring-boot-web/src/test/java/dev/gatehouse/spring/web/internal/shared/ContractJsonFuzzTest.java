package dev.gatehouse.spring.web.internal.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Set;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Request bodies of the HTTP contract under fuzzing: any bytes with any content type are read into
 * a body, or refused with a typed problem (400 {@code malformed_json} and the field codes, 413,
 * 415), never another exception; every accessor a controller uses behaves the same.
 *
 * <p>In the normal build it runs in regression mode over the inputs checked in under {@code
 * src/test/resources/dev/gatehouse/spring/web/internal/shared/ContractJsonFuzzTestInputs/requestBodies/};
 * {@code JAZZER_FUZZ=1 mvn -B -o -pl gatehouse-spring-boot-web -am test -Dtest=ContractJsonFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false} fuzzes it for the duration below (see {@code
 * docs/FUZZING.md}).
 */
class ContractJsonFuzzTest {
  private static final Set<Integer> TYPED = Set.of(400, 413, 415);
  private static final List<String> TYPES =
      List.of(
          "application/json", "application/problem+json", "text/plain", "", "application/json;");

  @FuzzTest(maxDuration = "60s")
  void requestBodies(FuzzedDataProvider data) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/auth/login/basic/");
    String type = data.pickValue(TYPES);
    if (!type.isEmpty()) {
      request.setContentType(type);
    }
    String field = data.consumeString(20);
    request.setContent(data.consumeRemainingAsBytes());
    try {
      JsonBody body = ContractJson.read(request);
      for (String name : List.of(field, "email", "password", "device")) {
        touch(() -> body.optionalString(name));
        touch(() -> body.optionalBoolean(name));
        touch(() -> body.optionalLong(name));
        touch(() -> body.optionalObject(name));
        touch(() -> body.string(name));
      }
    } catch (ApiException e) {
      assertThat(e.status()).isIn(TYPED);
    }
  }

  private static void touch(Runnable accessor) {
    try {
      accessor.run();
    } catch (ApiException e) {
      assertThat(e.status()).isIn(TYPED);
    }
  }
}
