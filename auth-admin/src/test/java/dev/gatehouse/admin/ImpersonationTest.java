package dev.gatehouse.admin;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.signedIn;
import static dev.gatehouse.core.flows.account.AccountTests.updateUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.DeviceService.DeviceInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService.SessionView;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Impersonation with a reason on every store (issue 61, item 2). */
class ImpersonationTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    return new GatehouseFixture(FIXTURES.get(kind), b -> b, AdminServiceTest::installed);
  }

  private static AdminService admin(GatehouseFixture g) {
    return g.gatehouse.feature(AdminService.class);
  }

  private static VerifiedAccessToken signedInAs(GatehouseFixture g, boolean staff, boolean su) {
    String address = email();
    UUID id = confirmed(g, address);
    updateUser(g, id, u -> u.staff(staff).superuser(su));
    return signedIn(g, address, CLIENT);
  }

  private static List<AuditEntry> trail(GatehouseFixture g, UUID subject) {
    return g.db.store.inTransaction(tx -> tx.audit().forSubject(subject, 50));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSuperuserActsAsTheUserWhoSeesTheSessionAndTheTrailNamesBoth(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    VerifiedAccessToken superuser = signedInAs(g, false, true);
    String address = email();
    UUID user = confirmed(g, address);
    TokenPair own = session(g, address);

    TokenPair acting = admin(g).impersonate(superuser, user, "ticket 4711: checkout fails", CLIENT);

    VerifiedAccessToken token = g.gatehouse.sessions().verifyLiveAccessToken(acting.accessToken());
    assertThat(token.userPublicId()).isEqualTo(user);
    assertThat(token.claims().get("act"))
        .isEqualTo(Map.of("sub", superuser.userPublicId().toString()));
    assertThat(token.authTime()).isEmpty();
    assertThat(token.amr()).containsExactly("imp");
    // Ordinary reads work.
    assertThat(g.gatehouse.profiles().me(token.userPublicId(), null).user().id()).isEqualTo(user);
    // The user sees it among their sessions, ending at most 15 minutes from now.
    List<SessionView> listed = g.gatehouse.sessions().listSessions(user, null);
    assertThat(listed).extracting(SessionView::id).contains(acting.sessionId());
    SessionView shown =
        listed.stream().filter(s -> s.id().equals(acting.sessionId())).findFirst().orElseThrow();
    assertThat(shown.expiresAt()).isBeforeOrEqualTo(g.clock.instant().plus(Duration.ofMinutes(15)));

    // It refreshes, act carried, while the superuser stays one.
    TokenPair next = g.gatehouse.sessions().refresh(acting.refreshToken(), CLIENT);
    assertThat(g.gatehouse.sessions().verifyAccessToken(next.accessToken()).claims())
        .containsKey("act");
    // And not beyond its lifetime.
    g.clock.advance(Duration.ofMinutes(16));
    assertThat(codeOf(() -> g.gatehouse.sessions().refresh(next.refreshToken(), CLIENT)))
        .isNotNull();
    // The user's own session is untouched.
    assertThat(g.gatehouse.sessions().listSessions(user, null))
        .extracting(SessionView::id)
        .contains(own.sessionId());

    AuditEntry started =
        trail(g, user).stream()
            .filter(e -> e.event().equals("AdminAction") && e.method().equals("impersonate"))
            .findFirst()
            .orElseThrow();
    assertThat(started.actor()).isEqualTo("admin");
    assertThat(started.subject()).isEqualTo(user);
    assertThat(started.detail())
        .isEqualTo("by " + superuser.userPublicId() + ": ticket 4711: checkout fails");
    assertThat(g.events)
        .anyMatch(
            e ->
                e instanceof AdminAction a
                    && a.userId().equals(user)
                    && a.adminId().equals(superuser.userPublicId())
                    && a.action().equals("impersonate"));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anImpersonationTokenMakesNoSensitiveChangeWhateverProofItOffers(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    VerifiedAccessToken superuser = signedInAs(g, false, true);
    String address = email();
    UUID user = confirmed(g, address);
    TokenPair acting = admin(g).impersonate(superuser, user, "support call", CLIENT);
    VerifiedAccessToken token = g.gatehouse.sessions().verifyLiveAccessToken(acting.accessToken());
    var accounts = g.gatehouse.accounts();
    // Even the user's own password (an admin may know it) is no proof here.
    for (Reauthentication proof :
        List.of(Reauthentication.recentSignIn(), Reauthentication.password(PASSWORD))) {
      assertThat(codeOf(() -> accounts.changePassword(token, proof, "N3w-Passw0rd!x", CLIENT)))
          .isEqualTo("impersonation_refused");
      assertThat(codeOf(() -> accounts.requestEmailChange(token, proof, email(), CLIENT)))
          .isEqualTo("impersonation_refused");
      assertThat(codeOf(() -> accounts.requestPhoneChange(token, proof, "+14155550123", CLIENT)))
          .isEqualTo("impersonation_refused");
      assertThat(codeOf(() -> accounts.deleteAccount(token, proof, CLIENT)))
          .isEqualTo("impersonation_refused");
    }
    // Nothing changed: the password still signs in, the account is there.
    assertThat(session(g, address)).isNotNull();
    // The user's own session may still make them.
    VerifiedAccessToken own = signedIn(g, address, CLIENT);
    accounts.changePassword(own, Reauthentication.recentSignIn(), "N3w-Passw0rd!x", CLIENT);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void onlyASuperuserImpersonatesAndNeverStaffAnotherSuperuserOrThemselves(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    VerifiedAccessToken superuser = signedInAs(g, false, true);
    VerifiedAccessToken staff = signedInAs(g, true, false);
    VerifiedAccessToken plain = signedInAs(g, false, false);
    VerifiedAccessToken otherSuperuser = signedInAs(g, false, true);
    String address = email();
    UUID user = confirmed(g, address);
    AdminService admin = admin(g);

    assertThat(codeOf(() -> admin.impersonate(plain, user, "why not", CLIENT)))
        .isEqualTo("forbidden");
    assertThat(codeOf(() -> admin.impersonate(staff, user, "why not", CLIENT)))
        .isEqualTo("forbidden");
    assertThat(codeOf(() -> admin.impersonate(superuser, staff.userPublicId(), "x", CLIENT)))
        .isEqualTo("forbidden");
    assertThat(
            codeOf(() -> admin.impersonate(superuser, otherSuperuser.userPublicId(), "x", CLIENT)))
        .isEqualTo("forbidden");
    assertThat(codeOf(() -> admin.impersonate(superuser, superuser.userPublicId(), "x", CLIENT)))
        .isEqualTo("forbidden");
    assertThat(codeOf(() -> admin.impersonate(superuser, user, " ", CLIENT)))
        .isEqualTo("invalid_reason");
    assertThat(codeOf(() -> admin.impersonate(superuser, UUID.randomUUID(), "x", CLIENT)))
        .isEqualTo("user_not_found");
    // No session was started for anyone, and the refusals are audited.
    assertThat(g.gatehouse.sessions().listSessions(user, null)).isEmpty();
    assertThat(g.gatehouse.sessions().listSessions(staff.userPublicId(), null)).hasSize(1);
    assertThat(g.events)
        .anyMatch(
            e ->
                e instanceof AuthEvent.AdminRefused r
                    && r.userId().equals(staff.userPublicId())
                    && r.operation().equals("impersonate"));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theSessionEndsAtTheNextRefreshOnceTheAdminIsNoLongerASuperuser(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    VerifiedAccessToken superuser = signedInAs(g, false, true);
    String address = email();
    UUID user = confirmed(g, address);
    TokenPair acting = admin(g).impersonate(superuser, user, "support call", CLIENT);

    updateUser(g, superuser.userPublicId(), u -> u.superuser(false).staff(true));

    assertThat(codeOf(() -> g.gatehouse.sessions().refresh(acting.refreshToken(), CLIENT)))
        .isNotNull();
    // Ended, not carried on without act: gone from the list, its token refused live.
    assertThat(g.gatehouse.sessions().listSessions(user, null)).isEmpty();
    assertThat(codeOf(() -> g.gatehouse.sessions().verifyLiveAccessToken(acting.accessToken())))
        .isNotNull();
    assertThat(trail(g, user))
        .anyMatch(
            e ->
                e.event().equals("AdminAction")
                    && e.method().equals("impersonation_ended")
                    && e.detail().startsWith("by " + superuser.userPublicId()));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theUsersLogoutEverywhereEndsTheImpersonation(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    VerifiedAccessToken superuser = signedInAs(g, false, true);
    String address = email();
    UUID user = confirmed(g, address);
    TokenPair acting = admin(g).impersonate(superuser, user, "support call", CLIENT);

    assertThat(g.gatehouse.sessions().logoutAll(user)).isEqualTo(1);

    assertThat(codeOf(() -> g.gatehouse.sessions().refresh(acting.refreshToken(), CLIENT)))
        .isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anExplicitEndEndsOnlyTheImpersonationAndTheTrailNamesBothPeople(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    VerifiedAccessToken superuser = signedInAs(g, false, true);
    String address = email();
    UUID user = confirmed(g, address);
    TokenPair own = session(g, address);
    TokenPair acting = admin(g).impersonate(superuser, user, "support call", CLIENT);
    VerifiedAccessToken token = g.gatehouse.sessions().verifyLiveAccessToken(acting.accessToken());

    assertThat(admin(g).endImpersonation(token, CLIENT)).isTrue();

    assertThat(codeOf(() -> g.gatehouse.sessions().verifyLiveAccessToken(acting.accessToken())))
        .isNotNull();
    assertThat(codeOf(() -> g.gatehouse.sessions().refresh(acting.refreshToken(), CLIENT)))
        .isNotNull();
    // The user's own session stays.
    assertThat(g.gatehouse.sessions().listSessions(user, null))
        .extracting(SessionView::id)
        .containsExactly(own.sessionId());
    assertThat(trail(g, user))
        .filteredOn(
            e -> e.event().equals("AdminAction") && e.method().equals("impersonation_ended"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.subject()).isEqualTo(user);
              assertThat(e.detail()).isEqualTo("by " + superuser.userPublicId() + ": ended");
            });
    assertThat(g.events)
        .anyMatch(
            e ->
                e instanceof AuthEvent.SessionRevoked r
                    && r.sessionId().equals(acting.sessionId())
                    && r.reason().equals("impersonation_ended"));
    // A second end finds nothing to end and audits nothing more.
    assertThat(admin(g).endImpersonation(token, CLIENT)).isFalse();
    assertThat(trail(g, user))
        .filteredOn(e -> e.method() != null && e.method().equals("impersonation_ended"))
        .hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aTokenWithoutActEndsNoSessionAndIsRefusedAudited(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    VerifiedAccessToken superuser = signedInAs(g, false, true);
    String address = email();
    confirmed(g, address);
    VerifiedAccessToken plain = signedIn(g, address, CLIENT);

    assertThat(codeOf(() -> admin(g).endImpersonation(plain, CLIENT))).isEqualTo("forbidden");
    assertThat(codeOf(() -> admin(g).endImpersonation(superuser, CLIENT))).isEqualTo("forbidden");

    // Both sessions live on; the refusals are audited.
    assertThat(g.gatehouse.sessions().listSessions(plain.userPublicId(), null))
        .extracting(SessionView::id)
        .containsExactly(plain.sessionId());
    assertThat(g.gatehouse.sessions().listSessions(superuser.userPublicId(), null)).hasSize(1);
    assertThat(g.events)
        .filteredOn(
            e -> e instanceof AuthEvent.AdminRefused r && r.operation().equals("end_impersonation"))
        .hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theAdminsMobileDeviceIsNeverLinkedToTheUser(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    VerifiedAccessToken superuser = signedInAs(g, false, true);
    String address = email();
    UUID user = confirmed(g, address);
    ClientInfo phone =
        new ClientInfo(
            "mobile", "203.0.113.9", null, new DeviceInfo("admins-phone", "ios", "iPhone", null));

    TokenPair acting = admin(g).impersonate(superuser, user, "support call", phone);

    assertThat(g.gatehouse.sessions().listSessions(user, null))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.id()).isEqualTo(acting.sessionId());
              assertThat(s.client()).isEqualTo("web");
              assertThat(s.device()).isNull();
            });
    int devices = g.db.store.inTransaction(tx -> tx.devices().list(user)).size();
    assertThat(devices).isZero();
  }

  private static TokenPair session(GatehouseFixture g, String address) {
    return g.gatehouse.accounts().login(LoginRequest.of(address, PASSWORD)).orElseThrow().tokens();
  }
}
