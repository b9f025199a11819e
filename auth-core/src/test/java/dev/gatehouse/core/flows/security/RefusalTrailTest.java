package dev.gatehouse.core.flows.security;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.testing.OneDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The refusals the audit trail used to miss (issue 54, item 5), through the public API only: a
 * staff creation by an account that is no superuser leaves an entry under the account it named (a
 * social sign-in of a disabled account: auth-social's {@code SocialRefusalTrailTest}), in a
 * transaction of its own that the caller's rollback does not take; a staff creation's entry names
 * the superuser who made it.
 */
@OneDatabase(
    "refusals kept in the trail through the public API, one request at a time; a transaction of its own is the store contract's nested-transaction test")
class RefusalTrailTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final String BOOTSTRAP = "bootstrap-token-91e0c3a7d5f2-6b48e1a09c37";
  private static final ClientInfo CLIENT =
      new ClientInfo("web", "198.51.100.41", "TrailAgent/1.0", null);

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    return new GatehouseFixture(
        FIXTURES.get(kind), b -> b.set(AccountSettings.ADMIN_BOOTSTRAP_TOKEN, BOOTSTRAP));
  }

  private static VerifiedAccessToken signedIn(GatehouseFixture g, String email) {
    String token =
        g.gatehouse
            .accounts()
            .login(new LoginRequest(email, PASSWORD, CLIENT))
            .orElseThrow()
            .tokens()
            .accessToken();
    return g.gatehouse.sessions().verifyAccessToken(token);
  }

  private static List<AuditEntry> refusals(GatehouseFixture g, UUID subject, String code) {
    return g.gatehouse.audit().forUser(subject, 100).stream()
        .filter(e -> code.equals(e.reason()))
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aStaffCreationByAnAccountThatIsNoSuperuserIsKeptUnderTheCaller(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    UUID id = confirmed(g, email);
    VerifiedAccessToken caller = signedIn(g, email);

    assertThat(codeOf(() -> g.gatehouse.accounts().createStaff(caller, email(), PASSWORD)))
        .isEqualTo("forbidden");

    assertThat(refusals(g, id, "forbidden"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.event()).isEqualTo("AdminRefused");
              assertThat(e.method()).isEqualTo("create_staff");
              assertThat(e.actor()).isEqualTo("admin");
            });
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aStaffCreationNamesTheSuperuserWhoMadeIt(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String admin = email();
    long superusers = g.db.store.inTransaction(tx -> tx.users().countSuperusers());
    assertThat(superusers).isZero();
    UUID superuser = g.gatehouse.accounts().createSuperuser(BOOTSTRAP, admin, PASSWORD);
    VerifiedAccessToken caller = signedIn(g, admin);

    UUID staff = g.gatehouse.accounts().createStaff(caller, email(), PASSWORD);

    assertThat(g.gatehouse.audit().forUser(staff, 10))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.event()).isEqualTo("Registered");
              assertThat(e.actor()).isEqualTo("admin");
              assertThat(e.detail()).isEqualTo("by " + superuser);
            });
  }
}
