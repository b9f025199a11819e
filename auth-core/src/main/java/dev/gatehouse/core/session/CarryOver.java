package dev.gatehouse.core.session;

import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.InvalidSubjectTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.signin.ModuleHook;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The legacy system's side of the core's doors during a cut-over ({@code auth-legacy}'s {@code
 * LegacyCutOver}), registered by a module with {@link SignInContext#hook}. The core keeps the doors
 * — the refresh routes, {@link SessionService#exchangeLegacyToken} and {@link
 * SessionService#verifyLegacyBearer} — and hands a legacy token there to this seam, which reads it,
 * signs it in through the one pipeline ({@link ModuleSignIns#signIn}) and ends or refreshes the
 * session it carried over ({@link ModuleSessions#endReusedSession}, {@link
 * ModuleSessions#refreshSession}). Without a registered seam no legacy token is taken: the exchange
 * is refused with {@link InvalidSubjectTokenException} and changes nothing.
 *
 * <p>Implementations verify a token as its issuer would and are thread-safe; a refusal is logged by
 * the implementation (never with the token) and thrown as the one exception of its door.
 */
public interface CarryOver extends ModuleHook {
  /**
   * {@return whether {@code presented}, at a refresh route, is this system's refresh token to carry
   * over (its shape and the configuration only, read from memory; a Gatehouse refresh token is
   * never one)}
   *
   * @param presented the refresh token presented
   */
  boolean claimsRefresh(String presented);

  /**
   * Carries over a refresh token {@link #claimsRefresh} claimed: its first presentation signs in,
   * presented again it is reuse at a rotating route and refreshes the session it started at one
   * that does not rotate.
   *
   * @param presented the token
   * @param client the request, or {@code null}
   * @param rotating whether the route rotates ({@link SessionService#refresh}) or not ({@link
   *     SessionService#refreshWithoutRotation})
   * @return the session's pair
   * @throws InvalidRefreshTokenException whatever is wrong with it
   */
  TokenPair refresh(String presented, @Nullable ClientInfo client, boolean rotating);

  /**
   * Carries over a token presented for exchange ({@link SessionService#exchangeLegacyToken}).
   *
   * @param presented the token
   * @param client the request, or {@code null}
   * @return the new session's pair
   * @throws InvalidSubjectTokenException whatever is wrong with it, or when no kind it reads takes
   *     it (audited as a refused sign-in)
   */
  TokenPair exchange(String presented, @Nullable ClientInfo client);

  /**
   * Verifies a legacy access token presented as a bearer on an authenticated route during the
   * transition window ({@link SessionService#verifyLegacyBearer}), unspent. The default takes none.
   *
   * @param presented the bearer token
   * @return its verified claims ({@link dev.gatehouse.core.token.CarriedOverAccessToken}), or empty
   *     when it is no legacy access token this reader takes now for an account that may sign in
   *     (the refusal is logged by the implementation, never with the token)
   */
  default Optional<VerifiedAccessToken> bearer(String presented) {
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
   * @param account the session's account
   * @param expiresAt when the session expires at the latest
   * @param now the current time
   * @return the token, or empty when Gatehouse's own is handed out (outside the window, an account
   *     without a legacy key)
   */
  default Optional<String> issueRefresh(UUID account, Instant expiresAt, Instant now) {
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
}
