package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.testing.SimpleJwtVectors;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A simplejwt client after the cut-over (issue 34, item 1): the refresh token Django's simplejwt
 * issued it, posted to the refresh view it always used, answers a Gatehouse access token for the
 * account its user became, and keeps doing so (simplejwt's clients do not rotate by default); a
 * token simplejwt would refuse gets simplejwt's own refusal.
 */
@TestPropertySource(
    properties = {
      "gatehouse.http.simplejwt.enabled=true",
      "gatehouse.legacy.simplejwt.signing-key=" + SimpleJwtVectors.SECRET_KEY,
      "gatehouse.legacy.simplejwt.until=2030-01-01T00:00:00Z"
    })
class SimpleJwtCarryOverContractTest extends SimpleJwtTestSupport {

  @Test
  void aDjangoRefreshTokenKeepsItsClientSignedIn() throws Exception {
    SimpleJwtVectors.Case legacy = SimpleJwtVectors.get("secret_key_other_user");
    String address = account(true);
    var account = gatehouse.accounts().findByEmail(address).orElseThrow().id();
    TestHost.LEGACY_ACCOUNTS.put(legacy.userId(), account);
    clock.set(legacy.issuedAt().plusSeconds(30));

    Reply r = http.post(tokens() + "/refresh/", json("refresh", legacy.refresh()));

    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    assertThat(List.copyOf(r.json().propertyNames())).containsExactly("access");
    assertThat(gatehouse.sessions().verifyAccessToken(r.text("access")).subject())
        .isEqualTo(account.toString());
    Reply again = http.post(tokens() + "/refresh/", json("refresh", legacy.refresh()));
    assertThat(again.status()).as(again.raw().body()).isEqualTo(200);
    assertThat(gatehouse.sessions().listSessions(account, null)).hasSize(1);

    // simplejwt's access token is not a refresh token, here as there.
    assertTokenNotValid(http.post(tokens() + "/refresh/", json("refresh", legacy.access())));
  }
}
