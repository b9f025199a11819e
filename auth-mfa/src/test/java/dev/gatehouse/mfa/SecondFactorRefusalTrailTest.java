package dev.gatehouse.mfa;

import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.updateUser;
import static dev.gatehouse.mfa.MfaAccount.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.mfa.SecondFactorService.SecondFactorProof;
import dev.gatehouse.testing.OneDatabase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The second step's refusals in the audit trail, through the public API only: a refused challenge
 * is kept under the account it named (and a challenge nobody issued under none), and a replayed
 * authenticator code ({@code code_used}, which only this module produces; auth-core's {@code
 * RefusalAuditTest} walks every other code) under its account.
 */
@OneDatabase(
    "refusals kept in the trail through the public API, one request at a time; a transaction of its own is the store contract's nested-transaction test")
class SecondFactorRefusalTrailTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    return new GatehouseFixture(FIXTURES.get(kind), b -> b, MfaAccount::installed);
  }

  private static SecondFactorService mfa(GatehouseFixture g) {
    return g.gatehouse.feature(SecondFactorService.class);
  }

  private static List<AuditEntry> refusals(GatehouseFixture g, UUID subject, String code) {
    return g.gatehouse.audit().forUser(subject, 100).stream()
        .filter(e -> code.equals(e.reason()))
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aRefusedSecondStepChallengeIsKeptUnderTheAccountItNamed(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    String challenge = a.challenge().token();
    updateUser(g, a.id(), b -> b.active(false));
    assertThat(
            codeOf(
                () ->
                    mfa(g)
                        .completeLogin(challenge, SecondFactorProof.totp(a.currentCode()), CLIENT)))
        .isEqualTo("invalid_challenge");
    assertThat(refusals(g, a.id(), "invalid_challenge")).hasSize(1);

    // A challenge nobody issued names no account, and is kept all the same.
    assertThat(
            codeOf(
                () ->
                    mfa(g)
                        .completeLogin(
                            "no-such-challenge", SecondFactorProof.totp("123456"), CLIENT)))
        .isEqualTo("invalid_challenge");
    assertThat(g.events)
        .anyMatch(
            e ->
                e instanceof AuthEvent.LoginFailed f
                    && f.userId() == null
                    && f.reason().equals("invalid_challenge")
                    && f.method().equals("totp"));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aReplayedAuthenticatorCodeIsKeptUnderItsAccount(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    String code = a.currentCode();
    mfa(g).completeLogin(a.challenge().token(), SecondFactorProof.totp(code), CLIENT);
    String again = a.challenge().token();
    assertThat(codeOf(() -> mfa(g).completeLogin(again, SecondFactorProof.totp(code), CLIENT)))
        .isEqualTo("code_used");
    assertThat(refusals(g, a.id(), "code_used"))
        .singleElement()
        .satisfies(e -> assertThat(e.event()).isEqualTo("LoginFailed"));
  }
}
