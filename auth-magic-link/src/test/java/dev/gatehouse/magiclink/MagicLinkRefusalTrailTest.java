package dev.gatehouse.magiclink;

import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.tokenIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The sign-in link's refusals the error catalogue keeps are in the audit trail under the account
 * they named, as every core method's are (auth-core's {@code RefusalAuditTest} leaves these two
 * codes to this module): a method on the sign-in SPI is audited by the core, not by itself.
 */
class MagicLinkRefusalTrailTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final ClientInfo CLIENT =
      new ClientInfo("web", "198.51.100.24", "RefusalAgent/1.0", null);

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    return new GatehouseFixture(
        FIXTURES.get(kind),
        b -> b.set(MagicLinkSettings.MAGIC_LINK_ENABLED, true),
        MagicLinkTest::installed);
  }

  private static void assertKept(GatehouseFixture g, ErrorCode code, UUID account) {
    List<AuditEntry> trail = g.gatehouse.audit().forUser(account, 200);
    assertThat(trail)
        .as("the audit trail of %s", account)
        .anySatisfy(
            e -> {
              assertThat(e.event()).isEqualTo("LoginFailed");
              assertThat(e.reason()).isEqualTo(code.code());
              assertThat(e.subject()).isEqualTo(account);
            });
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void wrongCodesUntilTheAddressRunsOutAreKeptUnderItsAccount(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    MagicLinkService links = g.gatehouse.feature(MagicLinkService.class);
    String email = email();
    UUID id = confirmed(g, email);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 20 && !seen.contains(ErrorCode.RATE_LIMITED.code()); i++) {
      seen.add(codeOf(() -> links.signInWithCode(email, "000000", CLIENT)));
    }
    assertThat(seen).contains(ErrorCode.INVALID_CODE.code(), ErrorCode.RATE_LIMITED.code());
    assertKept(g, ErrorCode.RATE_LIMITED, id);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSpentLinkUsedAgainIsKeptUnderItsAccount(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    MagicLinkService links = g.gatehouse.feature(MagicLinkService.class);
    String email = email();
    UUID id = confirmed(g, email);
    links.requestLink(email, null, CLIENT);
    String token = tokenIn(g, email);
    links.signInWithLink(token, null, CLIENT);
    assertThat(codeOf(() -> links.signInWithLink(token, null, CLIENT)))
        .isEqualTo(ErrorCode.INVALID_LINK.code());
    assertKept(g, ErrorCode.INVALID_LINK, id);
  }
}
