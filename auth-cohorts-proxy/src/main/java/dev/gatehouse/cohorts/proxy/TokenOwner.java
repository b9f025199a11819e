package dev.gatehouse.cohorts.proxy;

import dev.gatehouse.cohorts.CohortMember;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whose a token is, for routing: only what is verified counts, so that no one chooses the system
 * that answers by writing a token. A Gatehouse access token whose signature, issuer, audience and
 * expiry verify ({@link SessionService#verifyAccessToken}) is its subject's; a legacy token is the
 * account the host's directory verified it for ({@link LegacyDirectory#byLegacyToken}). Anything
 * else has no owner: the request goes where a request without a token goes.
 */
final class TokenOwner {
  private static final int MAX_TOKEN = 8_192;

  private final LegacyDirectory directory;
  private final @Nullable SessionService sessions;

  TokenOwner(LegacyDirectory directory, @Nullable SessionService sessions) {
    this.directory = directory;
    this.sessions = sessions;
  }

  Optional<CohortMember> of(String token) {
    if (token.length() > MAX_TOKEN) {
      return Optional.empty();
    }
    if (sessions != null) {
      try {
        return directory.byAccount(sessions.verifyAccessToken(token).userPublicId());
      } catch (InvalidTokenException e) {
        // Not a Gatehouse access token that verifies: perhaps the legacy system's.
      }
    }
    return directory.byLegacyToken(token);
  }
}
