package dev.gatehouse.admin;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.signedIn;
import static dev.gatehouse.core.flows.account.AccountTests.tokenIn;
import static dev.gatehouse.core.flows.account.AccountTests.updateUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Requiring a new password and removing a lost second factor, on every store (issue 61: admin
 * actions with a reason, audited naming both people, staff only).
 */
class AdminActionsTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    return new GatehouseFixture(FIXTURES.get(kind), b -> b, AdminServiceTest::installed);
  }

  private static VerifiedAccessToken caller(GatehouseFixture g, boolean staff) {
    String address = email();
    UUID id = confirmed(g, address);
    updateUser(g, id, u -> u.staff(staff));
    return signedIn(g, address, CLIENT);
  }

  private static TokenPair session(GatehouseFixture g, String address) {
    return g.gatehouse.accounts().login(LoginRequest.of(address, PASSWORD)).orElseThrow().tokens();
  }

  private static AuditEntry action(GatehouseFixture g, UUID subject, String action) {
    List<AuditEntry> trail = g.db.store.inTransaction(tx -> tx.audit().forSubject(subject, 50));
    return trail.stream()
        .filter(e -> e.event().equals("AdminAction") && action.equals(e.method()))
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aRequiredPasswordResetStopsThePasswordEndsTheSessionsAndTheResetSignsInAgain(
      StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = g.gatehouse.feature(AdminService.class);
    VerifiedAccessToken staff = caller(g, true);
    VerifiedAccessToken plain = caller(g, false);
    String address = email();
    UUID id = confirmed(g, address);
    TokenPair live = session(g, address);

    assertThat(codeOf(() -> admin.requirePasswordReset(plain, id, "leaked", CLIENT)))
        .isEqualTo("forbidden");
    assertThat(codeOf(() -> admin.requirePasswordReset(staff, id, " ", CLIENT)))
        .isEqualTo("invalid_reason");
    assertThat(session(g, address)).isNotNull();

    admin.requirePasswordReset(staff, id, "password found in a breach list", CLIENT);

    assertThat(codeOf(() -> g.gatehouse.accounts().login(LoginRequest.of(address, PASSWORD))))
        .isEqualTo("invalid_credentials");
    assertThat(codeOf(() -> g.gatehouse.sessions().refresh(live.refreshToken(), CLIENT)))
        .isNotNull();
    assertThat(action(g, id, "require_password_reset").detail())
        .isEqualTo("by " + staff.userPublicId() + ": password found in a breach list");

    g.clock.advance(Duration.ofMinutes(1));
    g.gatehouse.accounts().requestPasswordReset(address);
    g.gatehouse.accounts().confirmPasswordReset(tokenIn(g, address), "a fresh one 8812");
    assertThat(
            g.gatehouse
                .accounts()
                .login(LoginRequest.of(address, "a fresh one 8812"))
                .orElseThrow())
        .isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void removingALostSecondFactorTakesTheAppItsCodesAndRememberedDevicesAndNamesBoth(
      StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminService admin = g.gatehouse.feature(AdminService.class);
    VerifiedAccessToken staff = caller(g, true);
    VerifiedAccessToken plain = caller(g, false);
    String address = email();
    UUID id = confirmed(g, address);
    g.db.store.inTransaction(
        tx -> {
          var now = g.clock.instant();
          tx.secondFactors().savePendingTotp(id, "sealed-seed", now);
          tx.secondFactors().confirmTotp(id, "sealed-seed", 1, now);
          tx.secondFactors().replaceRecoveryCodes(id, List.of("a".repeat(64), "b".repeat(64)), now);
          tx.secondFactors()
              .rememberDevice(id, "c".repeat(64), "phone", now.plus(Duration.ofDays(30)), now);
          return null;
        });
    assertThat(admin.picture(staff, id).factors().authenticatorApp()).isTrue();

    assertThat(codeOf(() -> admin.removeSecondFactor(plain, id, "lost phone", CLIENT)))
        .isEqualTo("forbidden");
    assertThat(admin.picture(staff, id).factors().authenticatorApp()).isTrue();

    assertThat(admin.removeSecondFactor(staff, id, "lost phone, ID checked on a call", CLIENT))
        .isTrue();
    AdminService.UserPicture.Factors left = admin.picture(staff, id).factors();
    assertThat(left.authenticatorApp()).isFalse();
    assertThat(left.unusedRecoveryCodes()).isZero();
    assertThat(left.rememberedDevices()).isZero();
    assertThat(action(g, id, "remove_second_factor").detail())
        .isEqualTo("by " + staff.userPublicId() + ": lost phone, ID checked on a call");
    assertThat(g.events)
        .anyMatch(e -> e instanceof AuthEvent.SecondFactorDisabled d && d.userId().equals(id));
    // Nothing left to remove: answered, and audited again.
    assertThat(admin.removeSecondFactor(staff, id, "again", CLIENT)).isFalse();
  }
}
