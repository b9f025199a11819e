package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.spring.web.Http.Reply;
import java.util.List;

/**
 * What the tests of simplejwt's token views share: accounts made through the facade (so they do not
 * depend on which contract, if any, is served), the pair as a simplejwt client obtains it, and
 * simplejwt's answers.
 */
abstract class SimpleJwtTestSupport extends ContractTestSupport {
  static final String TOKEN_NOT_VALID =
      "{\"detail\":\"Token is invalid or expired\",\"code\":\"token_not_valid\"}";
  static final String NO_ACTIVE_ACCOUNT =
      "{\"detail\":\"No active account found with the given credentials\"}";

  /** The views' base path in this test's context. */
  String tokens() {
    return "/api/token";
  }

  /** Registers an account through the facade; confirmed unless asked otherwise. */
  String account(boolean confirmed) {
    String address = newEmail();
    gatehouse
        .accounts()
        .register(
            RegistrationRequest.builder()
                .email(address)
                .password(PASSWORD)
                .termsAccepted(true)
                .build());
    if (confirmed) {
      gatehouse.accounts().confirmEmail(tokenIn(mailTo(address).orElseThrow()));
    }
    return address;
  }

  /** A confirmed account's pair from {@code POST {base}/}, as a simplejwt client obtains it. */
  Reply obtain() throws Exception {
    Reply r = http.post(tokens() + "/", json("username", account(true), "password", PASSWORD));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(List.copyOf(r.json().propertyNames())).containsExactly("refresh", "access");
    return r;
  }

  /** Asserts simplejwt's answer of a view for a body: status, DRF's JSON exactly, its headers. */
  static void assertDrf(Reply r, int status, String body) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/json");
    assertThat(r.raw().body()).isEqualTo(body);
    assertThat(r.header("Allow")).isEqualTo("POST, OPTIONS");
    if (status == 401) {
      assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"api\"");
    } else {
      assertThat(r.header("WWW-Authenticate")).isNull();
    }
  }

  /** The views' {@code InvalidToken} answer. */
  static void assertTokenNotValid(Reply r) {
    assertDrf(r, 401, TOKEN_NOT_VALID);
  }
}
