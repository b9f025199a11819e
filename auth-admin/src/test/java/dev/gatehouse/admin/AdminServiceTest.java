package dev.gatehouse.admin;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.signedIn;
import static dev.gatehouse.core.flows.account.AccountTests.updateUser;
import static dev.gatehouse.core.flows.account.AccountTests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.admin.AdminService.UserPicture;
import dev.gatehouse.admin.AdminService.UserSearch;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.AccountUpdate;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** The administration service on every store (issue 61, item 1). */
class AdminServiceTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** The module, installed as a host without Spring installs it. */
  static Gatehouse.Builder installed(Gatehouse.Builder b) {
    return b.install(new Administration());
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    return new GatehouseFixture(FIXTURES.get(kind), b -> b, AdminServiceTest::installed);
  }

  private static AdminService admin(GatehouseFixture g) {
    return g.gatehouse.feature(AdminService.class);
  }

  /** A confirmed account with the flags given, signed in. */
  private static VerifiedAccessToken signedInAs(GatehouseFixture g, boolean staff, boolean su) {
    String address = email();
    UUID id = confirmed(g, address);
    updateUser(g, id, u -> u.staff(staff).superuser(su));
    return signedIn(g, address, CLIENT);
  }

  /** A fresh session of the account with this address, signed in with its password. */
  private static TokenPair session(GatehouseFixture g, String address) {
    return g.gatehouse.accounts().login(LoginRequest.of(address, PASSWORD)).orElseThrow().tokens();
  }

  private static List<AuditEntry> trail(GatehouseFixture g, UUID subject) {
    return g.db.store.inTransaction(tx -> tx.audit().forSubject(subject, 50));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aCallerWhoIsNotStaffIsRefusedEveryCallChangesNothingAndIsAudited(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = admin(g);
    String victimEmail = email();
    UUID victim = confirmed(g, victimEmail);
    TokenPair victimSession = session(g, victimEmail);
    VerifiedAccessToken plain = signedInAs(g, false, false);
    VerifiedAccessToken superuserButDisabled = signedInAs(g, false, true);
    updateUser(g, superuserButDisabled.userPublicId(), u -> u.active(false));

    for (VerifiedAccessToken caller : List.of(plain, superuserButDisabled)) {
      assertThat(codeOf(() -> admin.search(caller, UserSearch.byEmail(victimEmail))))
          .isEqualTo("forbidden");
      assertThat(codeOf(() -> admin.picture(caller, victim))).isEqualTo("forbidden");
      assertThat(codeOf(() -> admin.disable(caller, victim, "because", CLIENT)))
          .isEqualTo("forbidden");
      assertThat(codeOf(() -> admin.enable(caller, victim, CLIENT))).isEqualTo("forbidden");
      assertThat(codeOf(() -> admin.revokeSessions(caller, victim, CLIENT))).isEqualTo("forbidden");
      assertThat(codeOf(() -> admin.delete(caller, victim, CLIENT))).isEqualTo("forbidden");
    }

    UserRecord after = user(g, victimEmail).orElseThrow();
    assertThat(after.active()).isTrue();
    assertThat(after.deleted()).isFalse();
    assertThat(g.gatehouse.sessions().refresh(victimSession.refreshToken(), CLIENT)).isNotNull();
    assertThat(trail(g, victim)).noneMatch(e -> e.event().equals("AdminAction"));
    assertThat(trail(g, plain.userPublicId()))
        .filteredOn(e -> e.event().equals("AdminRefused"))
        .extracting(AuditEntry::method)
        .containsExactlyInAnyOrder(
            "search", "picture", "disable", "enable", "revoke_sessions", "delete");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void searchMatchesOneIdentifierExactlyAndLeavesDeletedAccountsOut(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = admin(g);
    VerifiedAccessToken staff = signedInAs(g, true, false);
    String address = email();
    UUID id = confirmed(g, address);
    String name = "ada" + UUID.randomUUID().toString().substring(0, 6);
    g.gatehouse.accounts().updateAccount(id, AccountUpdate.none().withUsername(name));
    String phone = "+44207" + (1_000_000 + new java.util.Random().nextInt(8_999_999));
    updateUser(g, id, u -> u.phone(phone));

    assertThat(admin.search(staff, UserSearch.byEmail("  " + address.toUpperCase() + " ")))
        .extracting(v -> v.id())
        .containsExactly(id);
    assertThat(admin.search(staff, UserSearch.byUsername(name.toUpperCase())))
        .extracting(v -> v.id())
        .containsExactly(id);
    assertThat(admin.search(staff, UserSearch.byPhone(phone)))
        .extracting(v -> v.id())
        .containsExactly(id);
    assertThat(admin.search(staff, new UserSearch(UserSearch.Field.ID, id.toString(), 1)))
        .extracting(v -> v.id())
        .containsExactly(id);
    // A prefix is no match, and what cannot be an identifier of the kind matches nothing.
    assertThat(admin.search(staff, UserSearch.byEmail(address.substring(0, 5)))).isEmpty();
    assertThat(admin.search(staff, UserSearch.byPhone("not a phone"))).isEmpty();
    assertThat(admin.search(staff, new UserSearch(UserSearch.Field.ID, "x'; --", 5))).isEmpty();
    assertThatThrownBy(() -> new UserSearch(UserSearch.Field.EMAIL, address, 101))
        .isInstanceOf(IllegalArgumentException.class);

    updateUser(g, id, u -> u.deletedAt(g.clock.instant()));
    assertThat(admin.search(staff, UserSearch.byEmail(address))).isEmpty();
    assertThat(codeOf(() -> admin.picture(staff, id))).isEqualTo("user_not_found");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void disablingRefusesEverySignInEndsTheSessionsAtOnceAndNamesBothInTheTrail(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService service = admin(g);
    VerifiedAccessToken staff = signedInAs(g, true, false);
    String address = email();
    UUID id = confirmed(g, address);
    TokenPair session = session(g, address);
    g.gatehouse.sessions().verifyLiveAccessToken(session.accessToken());

    assertThat(codeOf(() -> service.disable(staff, id, "  ", CLIENT))).isEqualTo("invalid_reason");
    assertThat(codeOf(() -> service.disable(staff, id, "x".repeat(151), CLIENT)))
        .isEqualTo("invalid_reason");
    assertThat(user(g, address).orElseThrow().active()).isTrue();

    g.clock.advance(Duration.ofSeconds(5));
    // snippet:start disable
    AdminService admin = g.gatehouse.feature(AdminService.class);
    UUID found = admin.search(staff, UserSearch.byEmail(address)).get(0).id();
    UserView disabledNow = admin.disable(staff, found, "chargeback fraud", CLIENT);
    // snippet:end disable
    assertThat(disabledNow.active()).isFalse();

    assertThat(codeOf(() -> g.gatehouse.sessions().verifyLiveAccessToken(session.accessToken())))
        .isNotNull();
    assertThat(codeOf(() -> g.gatehouse.sessions().refresh(session.refreshToken(), CLIENT)))
        .isNotNull();
    assertThat(codeOf(() -> g.gatehouse.accounts().login(LoginRequest.of(address, PASSWORD))))
        .isEqualTo("invalid_credentials");
    assertThat(admin.picture(staff, id).sessions()).isEmpty();

    AuditEntry disabled =
        trail(g, id).stream()
            .filter(e -> e.event().equals("AdminAction") && e.method().equals("disable"))
            .findFirst()
            .orElseThrow();
    assertThat(disabled.actor()).isEqualTo("admin");
    assertThat(disabled.subject()).isEqualTo(id);
    assertThat(disabled.method()).isEqualTo("disable");
    assertThat(disabled.detail()).isEqualTo("by " + staff.userPublicId() + ": chargeback fraud");
    assertThat(disabled.network()).startsWith("203.0.113");
    assertThat(g.events)
        .anyMatch(
            e ->
                e instanceof AdminAction a
                    && a.userId().equals(id)
                    && a.adminId().equals(staff.userPublicId())
                    && a.action().equals("disable"));
    assertThat(g.events.stream().filter(e -> e instanceof AdminAction).toList().toString())
        .doesNotContain("chargeback");

    assertThat(admin.enable(staff, id, CLIENT).active()).isTrue();
    assertThat(g.gatehouse.accounts().login(LoginRequest.of(address, PASSWORD))).isNotNull();
    assertThat(trail(g, id))
        .filteredOn(e -> e.event().equals("AdminAction"))
        .extracting(AuditEntry::method)
        .containsExactlyInAnyOrder("search", "disable", "picture", "enable");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void revokingEndsEverySessionAndThePictureShowsTheAccount(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = admin(g);
    VerifiedAccessToken staff = signedInAs(g, true, false);
    String address = email();
    UUID id = confirmed(g, address);
    TokenPair one = session(g, address);
    g.gatehouse.accounts().login(LoginRequest.of(address, PASSWORD));

    UserPicture picture = admin.picture(staff, id);
    assertThat(picture.account().id()).isEqualTo(id);
    assertThat(picture.account().email()).isEqualTo(address);
    assertThat(picture.sessions()).hasSize(2);
    assertThat(picture.profiles()).isNotEmpty();
    assertThat(picture.factors().authenticatorApp()).isFalse();
    assertThat(picture.audit()).anyMatch(e -> e.event().equals("LoggedIn"));
    assertThat(picture.toString()).doesNotContain(address);

    assertThat(admin.revokeSessions(staff, id, CLIENT)).isEqualTo(2);
    assertThat(codeOf(() -> g.gatehouse.sessions().refresh(one.refreshToken(), CLIENT)))
        .isNotNull();
    assertThat(admin.picture(staff, id).sessions()).isEmpty();
    assertThat(user(g, address).orElseThrow().active()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void staffActOnPlainAccountsOnlyAndOnlyASuperuserDeletes(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = admin(g);
    VerifiedAccessToken staff = signedInAs(g, true, false);
    VerifiedAccessToken otherStaff = signedInAs(g, true, false);
    VerifiedAccessToken superuser = signedInAs(g, true, true);
    String address = email();
    UUID plain = confirmed(g, address);

    assertThat(codeOf(() -> admin.disable(staff, otherStaff.userPublicId(), "why", CLIENT)))
        .isEqualTo("forbidden");
    assertThat(codeOf(() -> admin.disable(staff, superuser.userPublicId(), "why", CLIENT)))
        .isEqualTo("forbidden");
    assertThat(codeOf(() -> admin.delete(staff, plain, CLIENT))).isEqualTo("forbidden");
    assertThat(codeOf(() -> admin.delete(superuser, superuser.userPublicId(), CLIENT)))
        .isEqualTo("forbidden");
    assertThat(codeOf(() -> admin.delete(superuser, UUID.randomUUID(), CLIENT)))
        .isEqualTo("user_not_found");
    assertThat(user(g, address).orElseThrow().deleted()).isFalse();
    assertThat(trail(g, plain)).noneMatch(e -> e.event().equals("AdminAction"));

    admin.disable(superuser, otherStaff.userPublicId(), "left the company", CLIENT);
    assertThat(codeOf(() -> admin.search(otherStaff, UserSearch.byEmail(address))))
        .isIn("forbidden", "invalid_token");

    admin.delete(superuser, plain, CLIENT);
    assertThat(user(g, address).orElseThrow().deleted()).isTrue();
    assertThat(trail(g, plain))
        .filteredOn(e -> e.actor().equals("admin"))
        .extracting(AuditEntry::event)
        .contains("AdminAction", "AccountDeleted");
    assertThat(codeOf(() -> admin.delete(superuser, plain, CLIENT))).isEqualTo("user_not_found");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void readsOfStaffNeedASuperuserNobodyDisablesThemselvesAndReadsAreAudited(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = admin(g);
    VerifiedAccessToken staff = signedInAs(g, true, false);
    VerifiedAccessToken otherStaff = signedInAs(g, true, false);
    VerifiedAccessToken superuser = signedInAs(g, true, true);
    VerifiedAccessToken plain = signedInAs(g, false, false);
    String address = email();
    UUID id = confirmed(g, address);

    // M4: another staff or superuser account's picture is a superuser's to read, audited.
    assertThat(codeOf(() -> admin.picture(staff, superuser.userPublicId()))).isEqualTo("forbidden");
    assertThat(codeOf(() -> admin.picture(staff, otherStaff.userPublicId())))
        .isEqualTo("forbidden");
    assertThat(trail(g, staff.userPublicId()))
        .filteredOn(e -> e.event().equals("AdminRefused"))
        .extracting(AuditEntry::method)
        .containsExactly("picture", "picture");
    assertThat(admin.picture(superuser, otherStaff.userPublicId()).account().id())
        .isEqualTo(otherStaff.userPublicId());
    assertThat(admin.picture(staff, staff.userPublicId()).account().id())
        .isEqualTo(staff.userPublicId());

    // L1: a superuser does not disable themselves; nothing changes.
    assertThat(codeOf(() -> admin.disable(superuser, superuser.userPublicId(), "bye", CLIENT)))
        .isEqualTo("forbidden");
    UserRecord self =
        g.db
            .store
            .inTransaction(tx -> tx.users().findByPublicId(superuser.userPublicId()))
            .orElseThrow();
    assertThat(self.active()).isTrue();
    assertThat(admin.search(superuser, UserSearch.byEmail(address))).hasSize(1);

    // L3: the permission comes before the reason: a plain caller is refused, and audited.
    for (String reason : new String[] {null, " ", "x".repeat(151)}) {
      assertThat(codeOf(() -> admin.disable(plain, id, reason, CLIENT))).isEqualTo("forbidden");
    }
    assertThat(trail(g, plain.userPublicId()))
        .filteredOn(e -> e.event().equals("AdminRefused"))
        .hasSize(3);

    signedIn(g, address, CLIENT);
    // L2: reads leave one row each, naming the admin and the subject, the field and no value.
    admin.picture(staff, id);
    assertThat(trail(g, id))
        .filteredOn(e -> e.event().equals("AdminAction"))
        .extracting(AuditEntry::method, AuditEntry::detail)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "search", "by " + superuser.userPublicId() + ": email"),
            org.assertj.core.groups.Tuple.tuple("picture", "by " + staff.userPublicId()));

    // L5: the picture's records print no network, user agent or email.
    UserPicture.Session session = admin.picture(staff, id).sessions().get(0);
    assertThat(session.network()).isNotNull();
    assertThat(session.toString()).doesNotContain(session.network());
    assertThat(
            new UserPicture.SocialIdentity("google", address, java.time.Instant.EPOCH, null)
                .toString())
        .doesNotContain(address);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void staffCannotTouchASuperuserWhoseSessionsAndAccountStayAsTheyWere(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = admin(g);
    VerifiedAccessToken staff = signedInAs(g, true, false);
    String address = email();
    UUID superuser = confirmed(g, address);
    updateUser(g, superuser, u -> u.staff(true).superuser(true));
    TokenPair session = session(g, address);

    assertThat(codeOf(() -> admin.revokeSessions(staff, superuser, CLIENT))).isEqualTo("forbidden");
    assertThat(codeOf(() -> admin.enable(staff, superuser, CLIENT))).isEqualTo("forbidden");
    assertThat(codeOf(() -> admin.delete(staff, superuser, CLIENT))).isEqualTo("forbidden");

    UserRecord after = user(g, address).orElseThrow();
    assertThat(after.active()).isTrue();
    assertThat(after.deleted()).isFalse();
    assertThat(g.gatehouse.sessions().refresh(session.refreshToken(), CLIENT)).isNotNull();
    assertThat(trail(g, superuser)).noneMatch(e -> e.event().equals("AdminAction"));
    assertThat(trail(g, staff.userPublicId()))
        .filteredOn(e -> e.event().equals("AdminRefused"))
        .extracting(AuditEntry::method)
        .containsExactlyInAnyOrder("revoke_sessions", "enable", "delete");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aDeletedAccountLosesEverySessionAtOnceAndNeverSignsInAgain(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = admin(g);
    VerifiedAccessToken superuser = signedInAs(g, true, true);
    String address = email();
    UUID id = confirmed(g, address);
    TokenPair one = session(g, address);
    TokenPair two = session(g, address);
    g.gatehouse.sessions().verifyLiveAccessToken(two.accessToken());

    admin.delete(superuser, id, CLIENT);

    for (TokenPair pair : List.of(one, two)) {
      assertThat(codeOf(() -> g.gatehouse.sessions().refresh(pair.refreshToken(), CLIENT)))
          .isNotNull();
      assertThat(codeOf(() -> g.gatehouse.sessions().verifyLiveAccessToken(pair.accessToken())))
          .isNotNull();
    }
    assertThat(codeOf(() -> g.gatehouse.accounts().login(LoginRequest.of(address, PASSWORD))))
        .isEqualTo("invalid_credentials");
    assertThat(codeOf(() -> admin.picture(superuser, id))).isEqualTo("user_not_found");
    assertThat(codeOf(() -> admin.enable(superuser, id, CLIENT))).isEqualTo("user_not_found");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aStaffMemberDemotedOrSignedOutIsRefusedAtOnceWithTheTokenTheyStillHold(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = admin(g);
    VerifiedAccessToken demoted = signedInAs(g, true, false);
    VerifiedAccessToken revoked = signedInAs(g, true, false);
    VerifiedAccessToken superuser = signedInAs(g, true, true);
    String address = email();
    UUID id = confirmed(g, address);

    // The flag is read from the account at each call, not from the token.
    updateUser(g, demoted.userPublicId(), u -> u.staff(false));
    assertThat(codeOf(() -> admin.disable(demoted, id, "why", CLIENT))).isEqualTo("forbidden");
    assertThat(codeOf(() -> admin.search(demoted, UserSearch.byEmail(address))))
        .isEqualTo("forbidden");

    // A session ended by a superuser acts no more, though its access token has not expired.
    admin.revokeSessions(superuser, revoked.userPublicId(), CLIENT);
    assertThat(codeOf(() -> admin.disable(revoked, id, "why", CLIENT)))
        .isIn("forbidden", "session_ended", "invalid_token");
    assertThat(user(g, address).orElseThrow().active()).isTrue();
    assertThat(trail(g, id)).noneMatch(e -> e.event().equals("AdminAction"));
  }
}
