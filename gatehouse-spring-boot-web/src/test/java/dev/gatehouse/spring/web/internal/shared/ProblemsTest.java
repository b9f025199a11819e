package dev.gatehouse.spring.web.internal.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.passkeys.PasskeyErrors;
import dev.gatehouse.spring.web.EveryModule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
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

  /** Every code of the catalogue, answered as its exception type would carry it. */
  private static AuthException raised(ErrorCode code) {
    return switch (code.kind()) {
      case RATE_LIMITED -> new RateLimitedException(code, "limited", Duration.ofSeconds(3));
      case UNAVAILABLE -> new AuthInfrastructureException(code, "down", true, null);
      case MISCONFIGURED -> new ConfigurationException(code, "a setting", null);
      default -> new RejectedInputException(code, "refused");
    };
  }

  @Test
  void theKindAloneDecidesTheStatusOfEveryCode() throws Exception {
    Map<ErrorCode.Kind, Integer> expected =
        Map.of(
            ErrorCode.Kind.REJECTED_INPUT, 400,
            ErrorCode.Kind.UNAUTHENTICATED, 401,
            ErrorCode.Kind.FORBIDDEN, 403,
            ErrorCode.Kind.NOT_FOUND, 404,
            ErrorCode.Kind.CONFLICT, 409,
            ErrorCode.Kind.RATE_LIMITED, 429,
            ErrorCode.Kind.MISCONFIGURED, 500,
            ErrorCode.Kind.UNAVAILABLE, 503);
    assertThat(expected).hasSize(ErrorCode.Kind.values().length);
    for (ErrorCode code : EveryModule.errorCodes()) {
      MockHttpServletResponse response = new MockHttpServletResponse();
      Problems.of(raised(code)).send(response);
      int status = expected.get(code.kind());
      assertThat(response.getStatus()).as(code.code()).isEqualTo(status);
      assertThat(response.getContentAsString(StandardCharsets.UTF_8))
          .as(code.code())
          .contains("\"code\":\"" + code.code() + "\"");
      // 401 only ever means "your token is missing or invalid", and only a 401 challenges for it.
      assertThat(response.getHeader("WWW-Authenticate") != null)
          .as("challenge on %s", code.code())
          .isEqualTo(status == 401);
    }
  }

  @Test
  void aWrongPasswordCodeOrPasskeyIsA400AndOnlyTokensAre401() {
    for (ErrorCode c :
        new ErrorCode[] {
          ErrorCode.INVALID_CREDENTIALS,
          ErrorCode.INVALID_CODE,
          ErrorCode.OTP_EXPIRED,
          ErrorCode.OTP_USED,
          PasskeyErrors.PASSKEY_REJECTED,
          PasskeyErrors.PASSKEY_COUNTER_REGRESSED,
          ErrorCode.INVALID_LINK
        }) {
      assertThat(Problems.statusOf(raised(c))).as(c.code()).isEqualTo(400);
    }
    assertThat(
            EveryModule.errorCodes().stream()
                .filter(c -> c.kind().httpStatus() == 401)
                .map(ErrorCode::code))
        .containsExactlyInAnyOrder("unauthorized", "invalid_token", "invalid_refresh_token");
    assertThat(Problems.statusOf(raised(ErrorCode.MFA_REQUIRED))).isEqualTo(403);
  }

  @Test
  void aCodeOfTheWrongKindForItsTypeIsRefusedAtConstruction() {
    assertThatThrownBy(() -> new RejectedInputException(ErrorCode.STORAGE_FAILED, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimitedException(ErrorCode.INVALID_CODE, "x", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new AuthInfrastructureException(ErrorCode.RATE_LIMITED, "x", true, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ConfigurationException(ErrorCode.INVALID_EMAIL, "x", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
