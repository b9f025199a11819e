package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code gatehouse.token.integer-user-ids=false} under the {@code jb-drf-auth} contract: for teams
 * whose clients do not depend on jb-drf-auth's integer user ids, every answer and the token's
 * {@code user_id} keep the public id, imported user or not ({@link JbDrfAuthContractTest} checks
 * the integers the starter's default gives).
 */
@TestPropertySource(
    properties = {
      "gatehouse.http.contract=jb-drf-auth",
      "gatehouse.links.email-confirmation=/verify-email/?uid={uid}&token={token}",
      "gatehouse.registration.terms-required=true",
      "gatehouse.token.simplejwt-claims=true",
      "gatehouse.token.integer-user-ids=false"
    })
class JbDrfAuthPublicIdsTest extends ContractTestSupport {
  private static final Pattern VERIFY =
      Pattern.compile("uid=([A-Za-z0-9_-]+)&token=([A-Za-z0-9_-]+)");

  @Test
  void everyAnswerAndTheTokensUserIdKeepThePublicIdEvenForAnImportedUser() throws Exception {
    String address = newEmail();
    assertThat(http.post("/auth/register/", JbDrfAuthContractTest.signUp(address)).status())
        .isEqualTo(201);
    Matcher m = VERIFY.matcher(mailTo(address).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    assertThat(
            http.post(
                    "/auth/registration/account-confirmation-email/",
                    json("uid", m.group(1), "token", m.group(2)))
                .status())
        .isEqualTo(200);
    UUID user = gatehouse.accounts().findByEmail(address).orElseThrow().id();
    // Imported: the setting off, its legacy key is not shown either.
    TestHost.LEGACY_ACCOUNTS.put("870000001", user);

    Reply login = http.post("/auth/login/basic/", JbDrfAuthContractTest.mobileLoginBody(address));
    assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
    String access = JbDrfAuthContractTest.access(login);
    Reply me = http.get("/auth/me/?client=mobile", access);
    JsonNode claims = JbDrfAuthContractTest.claims(access);
    for (JsonNode id :
        List.of(login.json().get("id"), me.json().get("id"), claims.get("user_id"))) {
      assertThat(id.isString()).as("%s is a string", id).isTrue();
      assertThat(id.asString()).isEqualTo(user.toString());
    }
    assertThat(claims.get("sub").asString()).isEqualTo(user.toString());
    assertThat(gatehouse.profiles().integerId(user)).isEmpty();
  }
}
