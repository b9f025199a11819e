package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.admin.AdminService;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.spring.web.Http.Reply;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The administration routes over HTTP (issue 61, item 2): every route refuses a signed-in account
 * that is not staff with 403 and an anonymous caller with 401, and changes nothing; staff find,
 * inspect, disable, enable and end the sessions of accounts; only a superuser deletes.
 */
class AdminContractTest extends ContractTestSupport {
  @Autowired JpaAuthStore store;

  /** A route: its method, its path below the base for an account, and its body. */
  private record Route(String method, String path, String body) {}

  private static List<Route> routes(UUID user) {
    String u = "/admin/users/" + user + "/";
    return List.of(
        new Route("GET", "/admin/users/?id=" + user, null),
        new Route("GET", "/admin/users/find/?by=email&prefix=a", null),
        // The permission before the parameters: a malformed query is still 403 or 401.
        new Route("GET", "/admin/users/find/?by=nothing", null),
        new Route("GET", "/admin/users/find/?by=created&from=yesterday", null),
        new Route("GET", u, null),
        new Route("POST", u + "disable/", json("reason", "testing")),
        // The permission before the reason: a blank or malformed body is still 403 or 401.
        new Route("POST", u + "disable/", json("reason", " ")),
        new Route("POST", u + "disable/", "{"),
        // Nor does an end that has passed or is no time.
        new Route(
            "POST", u + "disable/", json("reason", "testing", "until", "2000-01-01T00:00:00Z")),
        new Route("POST", u + "disable/", json("reason", "testing", "until", "soon")),
        new Route("POST", u + "enable/", "{}"),
        new Route("POST", u + "require-password-reset/", json("reason", "testing")),
        new Route("POST", u + "require-password-reset/", "{"),
        new Route("POST", u + "remove-second-factor/", json("reason", "testing")),
        new Route("POST", u + "remove-second-factor/", json("reason", "")),
        new Route("POST", u + "impersonate/", json("reason", "testing")),
        new Route("POST", u + "impersonate/", "{"),
        new Route("DELETE", u + "sessions/", null),
        new Route("DELETE", u, null),
        // Only an impersonation's own token ends it: any other is refused.
        new Route("POST", "/admin/impersonation/end/", "{}"));
  }

  private Reply call(Route r, String bearer) throws Exception {
    return http.send(r.method(), base() + r.path(), r.body(), bearer);
  }

  private static UUID idOf(Reply login) {
    return UUID.fromString(login.json().get("user").get("id").asString());
  }

  /** A fresh account with the flags given, signed in again so its token is current. */
  private Reply signedIn(boolean staff, boolean superuser) throws Exception {
    String address = confirmedAccount();
    Reply first = http.post(base() + "/login/basic/", json("email", address, "password", PASSWORD));
    UUID id = idOf(first);
    store.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(id).orElseThrow().toBuilder()
                        .staff(staff)
                        .superuser(superuser)
                        .build()));
    return http.post(base() + "/login/basic/", json("email", address, "password", PASSWORD));
  }

  @Test
  void everyRouteRefusesAnAccountThatIsNotStaffAndAnAnonymousCallerAndChangesNothing()
      throws Exception {
    Reply victim = login();
    UUID id = idOf(victim);
    String plain = login().text("access");
    for (Route r : routes(id)) {
      assertProblem(call(r, plain), 403, "forbidden");
      assertProblem(call(r, null), 401, "unauthorized");
      assertProblem(call(r, "not-a-token"), 401, "invalid_token");
    }
    // The account is untouched: its session refreshes, it is active and not deleted.
    Reply refreshed =
        http.post(base() + "/token/refresh/", json("refresh", victim.text("refresh")));
    assertThat(refreshed.status()).as(refreshed.raw().body()).isEqualTo(200);
    assertThat(store.inTransaction(tx -> tx.users().findByPublicId(id)).orElseThrow().active())
        .isTrue();
  }

  @Test
  void staffFindInspectDisableEnableAndEndSessionsAndOnlyASuperuserDeletes() throws Exception {
    String staff = signedIn(true, false).text("access");
    Reply superuserLogin = signedIn(true, true);
    String superuser = superuserLogin.text("access");
    Reply victim = login();
    UUID id = idOf(victim);
    String email = victim.json().get("user").get("email").asString();

    Reply found = http.get(base() + "/admin/users/?email=" + email.toUpperCase(), staff);
    assertThat(found.status()).as(found.raw().body()).isEqualTo(200);
    assertThat(found.json().get("users").get(0).get("id").asString()).isEqualTo(id.toString());
    assertProblem(http.get(base() + "/admin/users/", staff), 400, "missing_field");
    assertProblem(
        http.get(base() + "/admin/users/?email=a@b.c&phone=1", staff), 400, "invalid_field");
    assertProblem(http.get(base() + "/admin/users/not-a-uuid/", staff), 404, "not_found");
    assertProblem(
        http.get(base() + "/admin/users/" + UUID.randomUUID() + "/", staff), 404, "user_not_found");

    // Another staff or superuser account's picture is a superuser's to read.
    UUID su = idOf(superuserLogin);
    assertProblem(http.get(base() + "/admin/users/" + su + "/", staff), 403, "forbidden");
    Reply picture = http.get(base() + "/admin/users/" + id + "/", staff);
    assertThat(picture.status()).as(picture.raw().body()).isEqualTo(200);
    assertThat(picture.json().get("sessions").size()).isEqualTo(1);
    assertThat(picture.raw().body()).doesNotContain(victim.text("refresh"));

    String u = base() + "/admin/users/" + id + "/";
    assertProblem(http.post(u + "disable/", json("reason", "   "), staff), 400, "invalid_reason");
    assertProblem(http.post(u + "disable/", "{", staff), 400, "malformed_json");
    Reply disabled = http.post(u + "disable/", json("reason", "chargeback fraud"), staff);
    assertThat(disabled.status()).as(disabled.raw().body()).isEqualTo(200);
    assertThat(disabled.json().get("user").get("is_active").asBoolean()).isFalse();
    // Ended at once: the access token is refused on a route that checks its session, the refresh
    // token is dead, and the password signs in no more.
    assertThat(http.post(base() + "/logout/all/", "{}", victim.text("access")).status())
        .isEqualTo(401);
    assertThat(
            http.post(base() + "/token/refresh/", json("refresh", victim.text("refresh"))).status())
        .isEqualTo(401);
    assertThat(
            http.post(base() + "/login/basic/", json("email", email, "password", PASSWORD))
                .text("code"))
        .isEqualTo("invalid_credentials");

    Reply enabled = http.post(u + "enable/", "{}", staff);
    assertThat(enabled.json().get("user").get("is_active").asBoolean()).isTrue();
    Reply again = http.post(base() + "/login/basic/", json("email", email, "password", PASSWORD));
    assertThat(again.status()).as(again.raw().body()).isEqualTo(200);

    Reply ended = http.send("DELETE", u + "sessions/", null, staff);
    assertThat(ended.status()).as(ended.raw().body()).isEqualTo(200);
    assertThat(ended.json().get("sessions").asInt()).isEqualTo(1);
    assertThat(
            http.post(base() + "/token/refresh/", json("refresh", again.text("refresh"))).status())
        .isEqualTo(401);

    assertProblem(http.send("DELETE", u, null, staff), 403, "forbidden");
    Reply deleted = http.send("DELETE", u, null, superuser);
    assertThat(deleted.status()).as(deleted.raw().body()).isEqualTo(200);
    assertProblem(http.get(u, staff), 404, "user_not_found");
  }

  @Test
  void staffDisableUntilATimeTheSweepEnablesAfterItAndABadEndChangesNothing() throws Exception {
    String staff = signedIn(true, false).text("access");
    Reply victim = login();
    UUID id = idOf(victim);
    String email = victim.json().get("user").get("email").asString();
    String u = base() + "/admin/users/" + id + "/";
    java.time.Instant now = clock.instant();

    for (String bad :
        List.of(
            now.minusSeconds(1).toString(), now.plus(java.time.Duration.ofDays(3654)).toString())) {
      assertProblem(
          http.post(u + "disable/", json("reason", "cooling off", "until", bad), staff),
          400,
          "invalid_disable_end");
    }
    assertProblem(
        http.post(u + "disable/", json("reason", "cooling off", "until", "tomorrow"), staff),
        400,
        "invalid_field");
    assertThat(http.get(u, staff).json().get("user").get("is_active").asBoolean()).isTrue();

    java.time.Instant end =
        now.plus(java.time.Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Reply disabled =
        http.post(u + "disable/", json("reason", "cooling off", "until", end.toString()), staff);
    assertThat(disabled.status()).as(disabled.raw().body()).isEqualTo(200);
    assertThat(disabled.json().get("user").get("is_active").asBoolean()).isFalse();
    assertThat(http.get(u, staff).json().get("disabled_until").asString())
        .isEqualTo(end.toString());
    assertThat(
            http.post(base() + "/login/basic/", json("email", email, "password", PASSWORD))
                .text("code"))
        .isEqualTo("invalid_credentials");

    AdminService admin = gatehouse.feature(AdminService.class);
    admin.enableExpired(end.minusSeconds(1));
    assertThat(http.get(u, staff).json().get("user").get("is_active").asBoolean()).isFalse();
    admin.enableExpired(end);
    assertThat(http.get(u, staff).json().get("user").get("is_active").asBoolean()).isTrue();
    assertThat(http.get(u, staff).json().get("disabled_until").isNull()).isTrue();
    Reply again = http.post(base() + "/login/basic/", json("email", email, "password", PASSWORD));
    assertThat(again.status()).as(again.raw().body()).isEqualTo(200);
  }

  @Test
  void staffPageThroughAccountsByEmailPrefixAndByCreationTime() throws Exception {
    String staff = signedIn(true, false).text("access");
    String tag = "find" + UUID.randomUUID().toString().substring(0, 8);
    java.time.Instant start =
        java.time.Instant.parse("2033-01-01T00:00:00Z")
            .plusSeconds(java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000));
    List<UUID> made =
        store.inTransaction(
            tx -> {
              List<UUID> ids = new java.util.ArrayList<>();
              for (int i = 0; i < 5; i++) {
                String e = tag + i + "@example.test";
                ids.add(
                    tx.users()
                        .create(
                            dev.gatehouse.core.store.UserRecord.newAccount(start.plusSeconds(i))
                                .email(e, e)
                                .build())
                        .publicId());
              }
              return ids;
            });
    String find = base() + "/admin/users/find/";

    Reply first = http.get(find + "?by=email&prefix=" + tag.toUpperCase() + "&limit=3", staff);
    assertThat(first.status()).as(first.raw().body()).isEqualTo(200);
    String next = first.text("next");
    Reply second = http.get(find + "?by=email&prefix=" + tag + "&limit=3&after=" + next, staff);
    List<String> seen = new java.util.ArrayList<>();
    first.json().get("users").forEach(u -> seen.add(u.get("id").asString()));
    second.json().get("users").forEach(u -> seen.add(u.get("id").asString()));
    assertThat(seen).containsExactlyElementsOf(made.stream().map(UUID::toString).toList());
    assertThat(second.json().get("next").isNull()).isTrue();

    Reply byTime =
        http.get(
            find + "?by=created&from=" + start.plusSeconds(1) + "&to=" + start.plusSeconds(4),
            staff);
    assertThat(byTime.status()).as(byTime.raw().body()).isEqualTo(200);
    assertThat(byTime.json().get("users").size()).isEqualTo(3);
    assertThat(byTime.json().get("users").get(0).get("id").asString())
        .isEqualTo(made.get(1).toString());

    assertProblem(http.get(find + "?by=nothing", staff), 400, "invalid_field");
    assertProblem(http.get(find + "?by=email", staff), 400, "invalid_field");
    assertProblem(http.get(find + "?by=created&from=" + start, staff), 400, "invalid_field");
    assertProblem(
        http.get(find + "?by=created&from=" + start + "&to=" + start, staff), 400, "invalid_field");
    assertProblem(http.get(find + "?by=email&prefix=a&limit=0", staff), 400, "invalid_field");
  }

  @Test
  void staffRequireANewPasswordAndRemoveALostSecondFactorWithAReason() throws Exception {
    String staff = signedIn(true, false).text("access");
    Reply victim = login();
    UUID id = idOf(victim);
    String email = victim.json().get("user").get("email").asString();
    String u = base() + "/admin/users/" + id + "/";

    assertProblem(
        http.post(u + "require-password-reset/", json("reason", " "), staff),
        400,
        "invalid_reason");
    Reply reset =
        http.post(u + "require-password-reset/", json("reason", "password in a breach"), staff);
    assertThat(reset.status()).as(reset.raw().body()).isEqualTo(200);
    assertThat(
            http.post(base() + "/token/refresh/", json("refresh", victim.text("refresh"))).status())
        .isEqualTo(401);
    assertProblem(
        http.post(base() + "/login/basic/", json("email", email, "password", PASSWORD)),
        400,
        "invalid_credentials");

    Reply removed =
        http.post(u + "remove-second-factor/", json("reason", "lost phone, ID checked"), staff);
    assertThat(removed.status()).as(removed.raw().body()).isEqualTo(200);
    List<AuditEntry> trail = store.inTransaction(tx -> tx.audit().forSubject(id, 50));
    assertThat(trail)
        .filteredOn(e -> e.event().equals("AdminAction"))
        .extracting(AuditEntry::method)
        .contains("require_password_reset", "remove_second_factor");
  }

  @Test
  void anImpersonationEndsByItsEndRouteOrItsLogoutAuditedNamingBothPeople() throws Exception {
    Reply superuserLogin = signedIn(false, true);
    String superuser = superuserLogin.text("access");
    UUID admin = idOf(superuserLogin);
    Reply victim = login();
    UUID id = idOf(victim);
    String u = base() + "/admin/users/" + id + "/impersonate/";
    Reply ended = http.post(u, json("reason", "ticket 1"), superuser);
    Reply loggedOut = http.post(u, json("reason", "ticket 2"), superuser);
    assertThat(gatehouse.sessions().listSessions(id, null)).hasSize(3);

    // The superuser's own token is no impersonation: refused, nothing ends.
    assertProblem(
        http.post(base() + "/admin/impersonation/end/", "{}", superuser), 403, "forbidden");
    Reply end = http.post(base() + "/admin/impersonation/end/", "{}", ended.text("access"));
    assertThat(end.status()).as(end.raw().body()).isEqualTo(200);
    Reply logout = http.post(base() + "/logout/", "{}", loggedOut.text("access"));
    assertThat(logout.status()).as(logout.raw().body()).isEqualTo(200);

    // Both ended at once, the user's own session stays; the trail names both people twice.
    assertThat(http.get(base() + "/me/", ended.text("access")).status()).isEqualTo(401);
    assertThat(http.get(base() + "/me/", loggedOut.text("access")).status()).isEqualTo(401);
    assertThat(gatehouse.sessions().listSessions(id, null))
        .extracting(s -> s.id())
        .containsExactly(gatehouse.sessions().verifyAccessToken(victim.text("access")).sessionId());
    List<AuditEntry> trail = store.inTransaction(tx -> tx.audit().forSubject(id, 50));
    assertThat(trail)
        .filteredOn(
            e -> e.event().equals("AdminAction") && e.method().equals("impersonation_ended"))
        .extracting(AuditEntry::detail)
        .containsExactly("by " + admin + ": ended", "by " + admin + ": ended");
  }

  @Test
  void aSuperuserImpersonatesWithAReasonAndTheTokenMakesNoSensitiveChange() throws Exception {
    String staff = signedIn(true, false).text("access");
    Reply superuserLogin = signedIn(false, true);
    String superuser = superuserLogin.text("access");
    UUID admin = idOf(superuserLogin);
    Reply victim = login();
    UUID id = idOf(victim);
    String u = base() + "/admin/users/" + id + "/impersonate/";

    // Staff may not; nor may a superuser without a reason or on themselves.
    assertProblem(http.post(u, json("reason", "support call"), staff), 403, "forbidden");
    assertProblem(http.post(u, json("reason", " "), superuser), 400, "invalid_reason");
    assertProblem(
        http.post(
            base() + "/admin/users/" + admin + "/impersonate/",
            json("reason", "support call"),
            superuser),
        403,
        "forbidden");

    Reply acting = http.post(u, json("reason", "ticket 4711"), superuser);
    assertThat(acting.status()).as(acting.raw().body()).isEqualTo(200);
    String access = acting.text("access");
    java.util.Map<String, Object> claims = gatehouse.sessions().verifyAccessToken(access).claims();
    assertThat(claims.get("act")).isEqualTo(java.util.Map.of("sub", admin.toString()));
    assertThat(claims.get("sub")).isEqualTo(id.toString());

    // Ordinary reads work; the user sees the session among theirs.
    Reply me = http.get(base() + "/me/", access);
    assertThat(me.status()).as(me.raw().body()).isEqualTo(200);
    assertThat(gatehouse.sessions().listSessions(id, null)).hasSize(2);
    // In the user's own session list, over HTTP, the impersonation names the superuser.
    Reply listed = http.get(base() + "/sessions/", victim.text("access"));
    assertThat(listed.status()).as(listed.raw().body()).isEqualTo(200);
    List<String> actors = new java.util.ArrayList<>();
    listed
        .json()
        .forEach(
            x ->
                actors.add(
                    x.get("impersonated_by").isNull()
                        ? null
                        : x.get("impersonated_by").asString()));
    assertThat(actors).containsExactlyInAnyOrder(null, admin.toString());

    // Every sensitive route refuses it, whatever proof it offers.
    assertProblem(
        http.post(
            base() + "/password-reset/change/",
            json("current_password", PASSWORD, "new_password", "a brand new one here"),
            access),
        403,
        "impersonation_refused");
    assertProblem(
        http.post(base() + "/account/email/change/", json("email", "new@example.com"), access),
        403,
        "impersonation_refused");
    assertProblem(
        http.post(
            base() + "/account/phone/change/",
            json("phone", "+14155550123", "password", PASSWORD),
            access),
        403,
        "impersonation_refused");
    assertProblem(http.post(base() + "/mfa/totp/", "{}", access), 403, "impersonation_refused");
    assertProblem(
        http.post(base() + "/mfa/totp/remove/", json("password", PASSWORD), access),
        403,
        "impersonation_refused");
    assertProblem(
        http.post(base() + "/passkeys/register/options/", "{}", access),
        403,
        "impersonation_refused");
    assertProblem(
        http.post(base() + "/account/delete/", json("password", PASSWORD), access),
        403,
        "impersonation_refused");
    // Nothing changed: the password signs in, the account is there.
    Reply again =
        http.post(
            base() + "/login/basic/",
            json("email", victim.json().get("user").get("email").asString(), "password", PASSWORD));
    assertThat(again.status()).as(again.raw().body()).isEqualTo(200);

    // The audit trail names both people.
    List<AuditEntry> trail = store.inTransaction(tx -> tx.audit().forSubject(id, 50));
    assertThat(trail)
        .anyMatch(
            e ->
                e.event().equals("AdminAction")
                    && e.method().equals("impersonate")
                    && e.detail().equals("by " + admin + ": ticket 4711"));

    // Once the superuser is demoted, the next refresh ends the session.
    store.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(admin).orElseThrow().toBuilder()
                        .superuser(false)
                        .build()));
    assertThat(
            http.post(base() + "/token/refresh/", json("refresh", acting.text("refresh"))).status())
        .isEqualTo(401);
    assertThat(http.post(base() + "/logout/all/", "{}", access).status()).isEqualTo(401);
  }
}
