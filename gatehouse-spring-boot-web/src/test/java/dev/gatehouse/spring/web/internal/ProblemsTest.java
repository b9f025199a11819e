package dev.gatehouse.spring.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.error.ConfigurationException;
import dev.gatehouse.core.error.RejectedInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** The statuses the problem mapping gives, rule by rule. */
class ProblemsTest {

  @Test
  void aMisconfigurationIsTheServersFaultA500WithoutTheSettingOrABearerChallenge()
      throws Exception {
    ConfigurationException e =
        new ConfigurationException("gatehouse.passkeys.rp-id is not set: passkeys are off");

    MockHttpServletResponse response = new MockHttpServletResponse();
    Problems.of(e).send(response);

    assertThat(Problems.statusOf(e)).isEqualTo(500);
    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(response.getContentAsString(StandardCharsets.UTF_8))
        .contains(Problems.MISCONFIGURED)
        .contains("\"code\":\"invalid_configuration\"")
        .doesNotContain("rp-id");
    assertThat(response.getHeader("WWW-Authenticate")).isNull();
  }

  @Test
  void refusedInputStays400AndABadCredentialStays401() {
    assertThat(Problems.statusOf(new RejectedInputException("invalid_email", "not an address")))
        .isEqualTo(400);
    assertThat(Problems.statusOf(new RejectedInputException("invalid_credentials", "no")))
        .isEqualTo(401);
  }
}
