package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.FastApiUsersContractTest.access;
import static dev.gatehouse.spring.web.FastApiUsersContractTest.assertDetail;
import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.spring.web.Http.Reply;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A superuser's {@code PATCH users/{id}} of the {@code fastapi-users} contract as FastAPI-Users
 * answers it, field by field of its {@code UserUpdate}, with Gatehouse's rules: audited naming the
 * superuser, a new email unverified unless {@code is_verified} comes with it and its old address
 * told, a new password under the password policy ending the account's sessions, a taken email
 * {@code UPDATE_USER_EMAIL_ALREADY_EXISTS}, {@code is_superuser} Gatehouse's superuser and staff.
 */
// A context of its own: its superusers would stop the bootstrap of the other fastapi-users tests,
// which share theirs (its database is the shared one: TestHostDatabases).
@TestPropertySource(
    properties = {
      "gatehouse.http.contract=fastapi-users",
      "spring.application.name=fastapi-users-superuser-update"
    })
class FastApiUsersSuperuserUpdateTest extends ContractTestSupport {
  private static final String NEXT_PASSWORD = "another long passphrase";
  private static final String FORBIDDEN = "{\"detail\":\"Forbidden\"}";

  @Autowired JpaAuthStore store;

  private String admin;
  private String adminAccess;

  @BeforeEach
  void superuser() throws Exception {
    // A superuser of its own for each test (the bootstrap makes only the first one).
    admin = FastApiUsersContractTest.verifiedAccount(http, this);
    UUID id = UUID.fromString(http.get("/users/me", access(login(admin, PASSWORD))).text("id"));
    store.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(id).orElseThrow().toBuilder()
                        .staff(true)
                        .superuser(true)
                        .build()));
    adminAccess = access(login(admin, PASSWORD));
  }

  private Reply login(String address, String password) throws Exception {
    return http.send(
        "POST",
        "/auth/jwt/login",
        FastApiUsersContractTest.form(address, password),
        null,
        "Content-Type",
        "application/x-www-form-urlencoded");
  }

  private Reply patch(String id, String body, String token) throws Exception {
    return http.send("PATCH", "/users/" + id, body, token);
  }

  private static Reply ok(Reply r) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r;
  }

  private List<AuditEntry> trail(String id) {
    return store.inTransaction(tx -> tx.audit().forSubject(UUID.fromString(id), 50));
  }

  private String adminId() throws Exception {
    return http.get("/users/me", adminAccess).text("id");
  }

  @Test
  void aNewEmailIsUnverifiedItsOldAddressIsToldAndTheChangeIsAuditedNamingTheSuperuser()
      throws Exception {
    String old = FastApiUsersContractTest.verifiedAccount(http, this);
    String id = http.get("/users/me", access(login(old, PASSWORD))).text("id");
    String next = newEmail();

    Reply changed = ok(patch(id, json("email", next), adminAccess));
    assertThat(changed.text("id")).isEqualTo(id);
    assertThat(changed.text("email")).isEqualTo(next);
    assertThat(changed.json().get("is_verified").asBoolean()).isFalse();
    assertThat(http.get("/users/" + id, adminAccess).text("email")).isEqualTo(next);
    assertThat(mailTo(old).orElseThrow().subject()).contains("email address was changed");
    List<AuditEntry> trail = trail(id);
    assertThat(trail)
        .filteredOn(e -> e.event().equals("EmailChanged"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.actor()).isEqualTo("admin");
              assertThat(e.detail()).startsWith("by " + adminId());
            });
    assertThat(trail)
        .filteredOn(e -> e.event().equals("AdminAction"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.method()).isEqualTo("update");
              assertThat(e.detail()).contains("by " + adminId()).contains("PATCH users/{id}");
              assertThat(e.detail()).doesNotContain(next);
            });

    // With is_verified in the same request, the new address is verified.
    String third = newEmail();
    Reply verified = ok(patch(id, json("email", third, "is_verified", true), adminAccess));
    assertThat(verified.text("email")).isEqualTo(third);
    assertThat(verified.json().get("is_verified").asBoolean()).isTrue();
    assertThat(access(login(third, PASSWORD))).isNotBlank();
    assertThat(mailTo(next).orElseThrow().subject()).contains("email address was changed");
  }

  @Test
  void aTakenEmailIsRefusedAsFastApiUsersRefusesItAndChangesNothing() throws Exception {
    String address = FastApiUsersContractTest.verifiedAccount(http, this);
    String id = http.get("/users/me", access(login(address, PASSWORD))).text("id");
    String other = FastApiUsersContractTest.verifiedAccount(http, this);

    assertDetail(
        patch(
            id, json("email", other, "password", NEXT_PASSWORD, "is_verified", false), adminAccess),
        400,
        "{\"detail\":\"UPDATE_USER_EMAIL_ALREADY_EXISTS\"}");
    Reply unchanged = ok(http.get("/users/" + id, adminAccess));
    assertThat(unchanged.text("email")).isEqualTo(address);
    assertThat(unchanged.json().get("is_verified").asBoolean()).isTrue();
    assertThat(access(login(address, PASSWORD))).isNotBlank();
    // The account's own address, in another case, is no change at all.
    Reply same =
        ok(patch(id, json("email", address.toUpperCase(java.util.Locale.ROOT)), adminAccess));
    assertThat(same.json().get("is_verified").asBoolean()).isTrue();
  }

  @Test
  void aNewPasswordFollowsThePolicyEndsTheSessionsAndTellsTheOwner() throws Exception {
    String address = FastApiUsersContractTest.verifiedAccount(http, this);
    String access = access(login(address, PASSWORD));
    String id = http.get("/users/me", access).text("id");

    Reply weak = patch(id, json("password", "short"), adminAccess);
    assertThat(weak.status()).as(weak.raw().body()).isEqualTo(400);
    assertThat(weak.json().at("/detail/code").asString()).isEqualTo("UPDATE_USER_INVALID_PASSWORD");
    assertThat(weak.json().at("/detail/reason").asString()).isNotBlank();
    assertThat(http.get("/users/me", access).status()).isEqualTo(200);

    ok(patch(id, json("password", NEXT_PASSWORD), adminAccess));
    assertThat(http.get("/users/me", access).status()).isEqualTo(401);
    assertDetail(login(address, PASSWORD), 400, "{\"detail\":\"LOGIN_BAD_CREDENTIALS\"}");
    assertThat(access(login(address, NEXT_PASSWORD))).isNotBlank();
    assertThat(mailTo(address).orElseThrow().subject().toLowerCase(java.util.Locale.ROOT))
        .contains("password");
    assertThat(trail(id))
        .filteredOn(e -> e.event().equals("PasswordChanged"))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).startsWith("by " + adminId()));
  }

  @Test
  void isVerifiedIsSuperuserAndIsActiveAreSetAsGiven() throws Exception {
    String address = FastApiUsersContractTest.verifiedAccount(http, this);
    String access = access(login(address, PASSWORD));
    String id = http.get("/users/me", access).text("id");

    assertThat(
            ok(patch(id, json("is_verified", false), adminAccess))
                .json()
                .get("is_verified")
                .asBoolean())
        .isFalse();
    assertThat(
            ok(patch(id, json("is_verified", true), adminAccess))
                .json()
                .get("is_verified")
                .asBoolean())
        .isTrue();

    Reply promoted = ok(patch(id, json("is_superuser", true), adminAccess));
    assertThat(promoted.json().get("is_superuser").asBoolean()).isTrue();
    // Gatehouse's superuser: the account may now read another account by id.
    String promotedAccess = access(login(address, PASSWORD));
    assertThat(http.get("/users/" + adminId(), promotedAccess).status()).isEqualTo(200);
    Reply demoted = ok(patch(id, json("is_superuser", false), adminAccess));
    assertThat(demoted.json().get("is_superuser").asBoolean()).isFalse();
    assertDetail(http.get("/users/" + adminId(), promotedAccess), 403, FORBIDDEN);

    Reply all =
        ok(
            patch(
                id,
                json("is_active", false, "is_verified", false, "is_superuser", false),
                adminAccess));
    assertThat(all.json().get("is_active").asBoolean()).isFalse();
    assertThat(all.json().get("is_verified").asBoolean()).isFalse();
    assertThat(http.get("/users/me", access).status()).isEqualTo(401);
    assertThat(
            ok(patch(id, json("is_active", true), adminAccess)).json().get("is_active").asBoolean())
        .isTrue();
    assertThat(trail(id))
        .filteredOn(e -> e.event().equals("AdminAction"))
        .extracting(AuditEntry::method)
        .contains("update", "unverify", "verify", "promote", "demote", "disable", "enable");
  }

  @Test
  void othersAreRefusedAndASuperusersOwnCredentialsChangeOnlyThroughUsersMe() throws Exception {
    String address = FastApiUsersContractTest.verifiedAccount(http, this);
    String access = access(login(address, PASSWORD));
    String id = http.get("/users/me", access).text("id");
    String victim = FastApiUsersContractTest.verifiedAccount(http, this);
    String victimId = http.get("/users/me", access(login(victim, PASSWORD))).text("id");

    // A user who is not a superuser: 403 for every field, and nothing changes.
    for (String body :
        List.of(
            json("email", newEmail()),
            json("password", NEXT_PASSWORD),
            json("is_verified", false),
            json("is_superuser", true))) {
      assertDetail(patch(victimId, body, access), 403, FORBIDDEN);
      assertDetail(patch(id, body, access), 403, FORBIDDEN);
    }
    assertDetail(
        patch(victimId, json("email", newEmail()), null), 401, "{\"detail\":\"Unauthorized\"}");
    Reply untouched = ok(http.get("/users/" + victimId, adminAccess));
    assertThat(untouched.text("email")).isEqualTo(victim);
    assertThat(untouched.json().get("is_superuser").asBoolean()).isFalse();
    assertThat(access(login(victim, PASSWORD))).isNotBlank();

    // The superuser's own email, password and standing: through users/me, with its proofs.
    String self = adminId();
    for (String body :
        List.of(
            json("email", newEmail()),
            json("password", NEXT_PASSWORD),
            json("is_superuser", false))) {
      assertDetail(patch(self, body, adminAccess), 403, FORBIDDEN);
    }
    Reply me = ok(http.get("/users/me", adminAccess));
    assertThat(me.text("email")).isEqualTo(admin);
    assertThat(me.json().get("is_superuser").asBoolean()).isTrue();
    assertThat(trail(self)).filteredOn(e -> e.event().equals("AdminRefused")).isNotEmpty();
  }
}
