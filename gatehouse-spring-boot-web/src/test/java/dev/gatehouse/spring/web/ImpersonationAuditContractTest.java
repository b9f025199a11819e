package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.spring.web.Http.Reply;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A change the host lets an impersonation make (issue 73 item 2): its audit entry names the staff
 * account acting (actor {@code admin}, detail {@code by <staff>}) and the user as its subject,
 * never the user as the actor; the user's own change in the same host stays the user's.
 */
@TestPropertySource(
    properties = "gatehouse.http.impersonation-allowed=POST /auth/sessions/revoke-others/")
class ImpersonationAuditContractTest extends ContractTestSupport {

  @Test
  void aChangeMadeUnderActIsAuditedAsTheActingStaffsOnTheUser() throws Exception {
    Reply own = login();
    UUID user = UUID.fromString(own.json().get("user").get("id").asString());
    String acting = impersonation(user);
    UUID staff =
        UUID.fromString(
            String.valueOf(
                ((java.util.Map<?, ?>)
                        gatehouse.sessions().verifyAccessToken(acting).claims().get("act"))
                    .get("sub")));

    Reply r = http.post(base() + "/sessions/revoke-others/", "{}", acting);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);

    AuditEntry revoked = revokedOthers(user);
    assertThat(revoked.subject()).isEqualTo(user);
    assertThat(revoked.actor()).isEqualTo("admin");
    assertThat(revoked.detail()).startsWith("by " + staff);

    // The user's own change, in a later request on the same server, is the user's again.
    Reply again = login(own);
    Reply mine = http.post(base() + "/sessions/revoke-others/", "{}", again.text("access"));
    assertThat(mine.status()).as(mine.raw().body()).isEqualTo(200);
    List<AuditEntry> trail = jpaStore.inTransaction(tx -> tx.audit().forSubject(user, 50));
    assertThat(trail)
        .filteredOn(e -> "revoked_others".equals(e.reason()))
        .hasSize(2)
        .anySatisfy(
            e -> {
              assertThat(e.actor()).isEqualTo("user");
              assertThat(e.detail()).doesNotContain(staff.toString());
            });
  }

  private AuditEntry revokedOthers(UUID user) {
    return jpaStore.inTransaction(tx -> tx.audit().forSubject(user, 50)).stream()
        .filter(e -> "revoked_others".equals(e.reason()))
        .findFirst()
        .orElseThrow();
  }

  /** The account of {@code first} signed in again, with its password. */
  private Reply login(Reply first) throws Exception {
    String address = first.json().get("user").get("email").asString();
    Reply r =
        http.post(base() + "/login/basic/", Http.json("email", address, "password", PASSWORD));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r;
  }
}
