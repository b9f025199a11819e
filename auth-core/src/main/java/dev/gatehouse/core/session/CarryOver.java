package dev.gatehouse.core.session;

import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.InvalidSubjectTokenException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads the tokens of a legacy system whose sessions carry over into Gatehouse's during a cut-over
 * ({@code auth-legacy}'s {@code LegacyCutOver}), registered by a module with {@link
 * SignInContext#onCarryOver}. The core keeps the doors — the refresh routes and {@link
 * SessionService#exchangeLegacyToken} — and what a carried-over token does there: its first
 * presentation signs in through the one pipeline (a session of the account its legacy user became,
 * keeping the legacy sign-in's time), presented again it ends that session as reuse (or, at a
 * refresh route that does not rotate, refreshes it). Without a registered reader no legacy token is
 * taken: the exchange is refused with {@link InvalidSubjectTokenException} and changes nothing.
 *
 * <p>Implementations verify a token as its issuer would and are thread-safe; a refusal is logged by
 * the implementation (never with the token) and thrown as the one exception of its door.
 */
public interface CarryOver {
  /**
   * {@return whether {@code presented}, at a refresh route, is this system's refresh token to carry
   * over (its shape and the configuration only; a Gatehouse refresh token is never one)}
   *
   * @param presented the refresh token presented
   */
  boolean claimsRefresh(String presented);

  /**
   * Verifies a refresh token {@link #claimsRefresh} claimed.
   *
   * @param presented the token
   * @param now the current time
   * @return its facts
   * @throws InvalidRefreshTokenException whatever is wrong with it
   */
  Token refresh(String presented, Instant now);

  /**
   * Verifies a token presented for exchange.
   *
   * @param presented the token
   * @param now the current time
   * @return its facts
   * @throws InvalidSubjectTokenException whatever is wrong with it, or when no kind it reads takes
   *     it
   */
  Token exchange(String presented, Instant now);

  /**
   * Verifies a legacy access token presented as a bearer on an authenticated route during the
   * transition window ({@link SessionService#verifyLegacyBearer}). Unlike an exchanged token it is
   * not spent: the client sends it with every request until it expires, as the legacy system took
   * it. Only an access token is taken (never a refresh, reset or verification token), and only of a
   * kind the configuration takes. The default takes none.
   *
   * @param presented the bearer token
   * @param now the current time
   * @return its facts, or empty when it is no legacy access token this reader takes now (the
   *     refusal is logged by the implementation, never with the token)
   */
  default Optional<Token> bearer(String presented, Instant now) {
    return Optional.empty();
  }

  /**
   * A verified legacy token.
   *
   * @param purpose the action-token purpose it is recorded under when spent
   * @param hash the keyed hash ({@link SignInContext#secrets()}) that records it as spent
   * @param legacyUserId its user's id in the legacy system, which the host's {@code
   *     LegacyAccountResolver} maps to an account
   * @param expiresAt until when it is recorded as spent
   * @param method the sign-in method (and {@code amr}) of the session it carries over
   * @param signedInAt when its user signed in to the legacy system, the session's {@code
   *     auth_time}; {@code null} when the token does not tell (never a recent sign-in)
   */
  record Token(
      String purpose,
      String hash,
      String legacyUserId,
      Instant expiresAt,
      String method,
      @Nullable Instant signedInAt) {
    /** {@return the carried-over session's {@code amr}} */
    public List<String> amr() {
      return List.of(method);
    }

    @Override
    public String toString() {
      return "Token[" + method + "]";
    }
  }
}
