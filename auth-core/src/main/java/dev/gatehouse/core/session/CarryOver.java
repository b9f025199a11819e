package dev.gatehouse.core.session;

import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.InvalidSubjectTokenException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
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
   * {@return whether {@code presented} is a refresh token this reader handed out for a Gatehouse
   * session ({@link #issueRefresh}): the core then takes it as its own, found by its keyed hash
   * with rotation, reuse detection and revocation, never as a legacy token to carry over (its shape
   * alone; the default: none)}
   *
   * @param presented the refresh token presented
   */
  default boolean issuedRefresh(String presented) {
    return false;
  }

  /**
   * The refresh token a Gatehouse session is handed instead of Gatehouse's own, in the legacy
   * system's format, so that the legacy system accepts it after a rollback. The core stores only
   * its keyed hash, as for its own. The default hands out none.
   *
   * @param legacyUserId the account's key in the legacy system ({@code
   *     LegacyAccountResolver#legacyUserIdOf}), read only when this reader asks for it; empty for
   *     an account the legacy system does not know by a key
   * @param expiresAt when the session expires at the latest
   * @param now the current time
   * @return the token, or empty when Gatehouse's own is handed out (outside the window, an account
   *     without a legacy key)
   */
  default Optional<String> issueRefresh(
      Supplier<Optional<String>> legacyUserId, Instant expiresAt, Instant now) {
    return Optional.empty();
  }

  /**
   * The successor of a refresh token this reader issued ({@link #issuedRefresh}) at a rotation, for
   * the same user and session; used only when {@code previous} is the session's current token.
   *
   * @param previous the token presented
   * @param now the current time
   * @return the token, or empty when Gatehouse's own is handed out from now on
   */
  default Optional<String> rotatedRefresh(String previous, Instant now) {
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
