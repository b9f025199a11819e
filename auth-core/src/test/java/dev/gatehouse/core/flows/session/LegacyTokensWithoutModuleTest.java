package dev.gatehouse.core.flows.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.InvalidSubjectTokenException;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.testing.FastApiUsersVectors;
import dev.gatehouse.testing.SimpleJwtVectors;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Without the legacy module ({@code auth-legacy}) the core takes no legacy token: each is refused
 * at the exchange and at the refresh routes with the door's one typed error, and nothing else
 * changes (no session, no sign-in, no last login); a legacy token setting fails naming the module.
 */
class LegacyTokensWithoutModuleTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final SimpleJwtVectors.Case SEVEN = SimpleJwtVectors.get("secret_key");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLegacyTokenIsRefusedWithATypedErrorAndChangesNothing(StoreKind kind) {
    UUID[] seven = new UUID[1];
    GatehouseFixture f =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b -> b,
            g -> g.legacyAccounts(id -> "7".equals(id) ? Optional.of(seven[0]) : Optional.empty()));
    f.clock.set(SEVEN.issuedAt().plusSeconds(60));
    seven[0] = Users.create(f);
    Optional<Instant> lastLogin = f.gatehouse.accounts().find(seven[0]).map(u -> u.lastLoginAt());
    ClientInfo client = ClientInfo.web("198.51.100.9");

    for (String token :
        List.of(SEVEN.access(), FastApiUsersVectors.get("auth").token(), SEVEN.refresh())) {
      assertThatThrownBy(() -> f.gatehouse.sessions().exchangeLegacyToken(token, client))
          .isInstanceOf(InvalidSubjectTokenException.class)
          .hasMessage(InvalidSubjectTokenException.MESSAGE);
    }
    assertThatThrownBy(() -> f.gatehouse.sessions().refresh(SEVEN.refresh(), client))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThatThrownBy(() -> f.gatehouse.sessions().verifyLegacyBearer(SEVEN.access()))
        .isInstanceOf(InvalidTokenException.class)
        .satisfies(
            e ->
                assertThat(((InvalidTokenException) e).reason())
                    .isEqualTo(InvalidTokenException.Reason.LEGACY_REFUSED));
    assertThatThrownBy(() -> f.gatehouse.sessions().refreshWithoutRotation(SEVEN.refresh(), client))
        .isInstanceOf(InvalidRefreshTokenException.class);

    assertThat(f.gatehouse.sessions().listSessions(seven[0], null)).isEmpty();
    assertThat(f.events).noneMatch(AuthEvent.LoggedIn.class::isInstance);
    assertThat(f.events)
        .filteredOn(AuthEvent.LoginFailed.class::isInstance)
        .map(e -> (AuthEvent.LoginFailed) e)
        .allSatisfy(e -> assertThat(e.userId()).isNull())
        .hasSize(3);
    assertThat(f.gatehouse.accounts().find(seven[0]).map(u -> u.lastLoginAt()))
        .isEqualTo(lastLogin);
  }

  @Test
  void aLegacyTokenSettingWithoutTheModuleFailsNamingIt() {
    for (String key :
        List.of(
            "gatehouse.legacy.simplejwt.signing-key",
            "gatehouse.legacy.drf-tokens.until",
            "gatehouse.legacy.write-back.until")) {
      assertThatThrownBy(() -> GatehouseConfig.fromProperties(Map.of(key, "2027-01-01T00:00:00Z")))
          .as(key)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("auth-legacy");
    }
  }
}
