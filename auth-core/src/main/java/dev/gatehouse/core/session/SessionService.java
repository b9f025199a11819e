package dev.gatehouse.core.session;

import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.session.DeviceService.DeviceView;
import dev.gatehouse.core.token.AccessTokenVerifier;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Sessions and tokens: starting a session at login, refresh-token rotation with reuse detection,
 * access-token verification, logout, the session list and cleanup. Obtained from {@code
 * Gatehouse.sessions()}; thread-safe.
 *
 * <p>A session is one refresh-token family. Its refresh token is opaque (256 bits), stored only as
 * a keyed hash, and rotated at every use; presenting a token that was already rotated revokes the
 * whole session and publishes {@link AuthEvent.TokenReuseDetected}. A session ends at its absolute
 * expiry ({@code gatehouse.token.refresh-ttl} after login) or after {@code
 * gatehouse.token.refresh-idle-timeout} without a refresh (up to a hundredth of it sooner: {@link
 * dev.gatehouse.core.config.TokenSettings#REFRESH_IDLE_TIMEOUT}), whichever comes first.
 *
 * <pre>{@code
 * // In a request filter: no database access.
 * VerifiedAccessToken caller = gatehouse.sessions().verifyAccessToken(bearer);
 * // POST /auth/token/refresh/
 * TokenPair pair = gatehouse.sessions().refresh(body.refreshToken(), clientInfo);
 * // POST /auth/logout/
 * gatehouse.sessions().logout(caller.userPublicId(), caller.sessionId());
 * }</pre>
 *
 * <p><b>Reuse grace window.</b> With {@code gatehouse.token.refresh-reuse-grace} above zero (it is
 * off by default), a refresh token presented again within that window after its rotation, for
 * example because the response carrying its successor was lost in transit, is answered once with a
 * new pair of the same session, provided its successor has not been used yet; the unused successor
 * is invalidated at the same time. A second replay, a replay after the window, or a replay after
 * the successor was used is reuse and revokes the session.
 */
public interface SessionService extends SessionStarter {
  /** The client kind of browser sessions. */
  String CLIENT_WEB = "web";

  /** The client kind of mobile-app sessions. */
  String CLIENT_MOBILE = "mobile";

  /**
   * Verifies an access token without touching the database (delegates to {@link
   * AccessTokenVerifier}). <b>Stateless window:</b> a token stays valid until it expires ({@code
   * gatehouse.token.access-ttl}, plus {@code gatehouse.token.clock-skew}) even if its session was
   * revoked since, by logout, logout-all, a password change or account deletion; access tokens are
   * short-lived for that reason. Use {@link #verifyLiveAccessToken} where that window matters.
   *
   * @param accessToken the bearer token
   * @return its verified claims
   * @throws InvalidTokenException {@code invalid_token}, whatever the cause
   */
  VerifiedAccessToken verifyAccessToken(String accessToken);

  /**
   * Verifies an access token and that its session is still alive: not logged out, revoked (also by
   * a password change, logout-all or account deletion) or expired. Costs one read by primary key on
   * top of {@link #verifyAccessToken}; use it for sensitive operations, or for every request when a
   * revoked session must stop working at once rather than when its access token expires.
   *
   * <p>Inside a host transaction the read joins it.
   *
   * <p>With {@code gatehouse.token.live-check-cache} above zero, an "alive" answer is remembered by
   * this instance for at most that long and a "dead" one until the token expires, so most calls
   * read nothing. A revocation made through this instance takes effect at once; one made through
   * another instance on the same database is seen here at most {@code live-check-cache} later.
   *
   * @param accessToken the bearer token
   * @return its verified claims
   * @throws InvalidTokenException {@code invalid_token}; reason {@link
   *     InvalidTokenException.Reason#SESSION_ENDED} when only the session check failed
   */
  VerifiedAccessToken verifyLiveAccessToken(String accessToken);

  /**
   * Verifies an access token and that its session was not revoked (logout, logout-all, a password
   * change, a revocation, account deletion, refresh-token reuse), at a cost close to {@link
   * #verifyAccessToken}: each instance follows the sessions revoked since its previous look with
   * one indexed read at most every {@code gatehouse.token.revocation-follow} (2 seconds by
   * default), never one per call. A revocation made through this instance is refused at once; one
   * made through another instance sharing the database at most that interval after it commits (with
   * the builder's {@code staleReads} store, after the replica applied it). With {@code
   * revocation-follow} 0 this is {@link #verifyLiveAccessToken}.
   *
   * <p>Unlike {@link #verifyLiveAccessToken}, a session that only expired is not refused here: its
   * access token expires on its own. The Spring Boot starter checks the host's own routes with this
   * ({@code gatehouse.http.check-session}, on by default).
   *
   * @param accessToken the bearer token
   * @return its verified claims
   * @throws InvalidTokenException {@code invalid_token}; reason {@link
   *     InvalidTokenException.Reason#SESSION_ENDED} when only the session check failed
   * @throws dev.gatehouse.core.error.AuthException.AuthInfrastructureException {@code
   *     storage_failed} when the revoked sessions could not be read
   */
  VerifiedAccessToken verifyUnrevokedAccessToken(String accessToken);

  /**
   * Verifies a legacy system's access token presented as a bearer during its transition window, so
   * that a client that still holds one after the switch (a djangorestframework-simplejwt access
   * token with {@code gatehouse.legacy.simplejwt.access-tokens}, a FastAPI-Users JWT with {@code
   * gatehouse.legacy.fastapi-users.secret}) is not signed out. The token is read by the legacy
   * module ({@link CarryOver#bearer}) as its issuer would verify it; it names the account its user
   * became through the {@code LegacyAccountResolver}, which must exist and may sign in (one read).
   * No session is started and the token is not spent: the answer's {@code sid} names no Gatehouse
   * session, so {@link #verifyLiveAccessToken} and the routes that need a live session refuse it;
   * its {@code auth_time} is the legacy sign-in's when the token tells it (never a recent sign-in
   * otherwise). Once the window ends, every legacy bearer is refused.
   *
   * @param accessToken the bearer token
   * @return its verified claims for the account ({@link
   *     dev.gatehouse.core.token.CarriedOverAccessToken})
   * @throws InvalidTokenException {@code invalid_token} (reason {@code LEGACY_REFUSED}) whatever
   *     the cause: no legacy module, a forged, expired or wrong-key token, another kind of token, a
   *     user with no account here or an account that may not sign in, the window closed
   */
  VerifiedAccessToken verifyLegacyBearer(String accessToken);

  /**
   * Authenticates a request to the host's own routes by a module's request-header credential
   * ({@link dev.gatehouse.core.module.ModuleCredential}, an API key in {@code X-API-Key}, say), as
   * the web module does for every request that carries one. The module's check runs through the
   * sign-in pipeline's checks in one transaction (the host's when one is open): the check, which
   * counts a wrong credential against the module's limits; the account's state; the modules'
   * sign-in guards; and the second step, which fails closed: an account a sign-in would ask for a
   * second factor, or for an overdue enrolment, is refused as the check refuses an account that may
   * not sign in. No login is recorded and no session starts; a refusal is audited as a refused
   * sign-in of the credential's method and commits what the check counted.
   *
   * @param header the request header, as a module declared it (case aside)
   * @param value the header's value (never logged)
   * @param client who is calling, or {@code null} for a web client without details
   * @return the claims of the request's caller in the shape of an access token of the account
   *     ({@link dev.gatehouse.core.token.ModuleCredentialToken}): read by {@link
   *     dev.gatehouse.core.token.SignedInCaller} as a bearer is, never a live session's
   * @throws dev.gatehouse.core.error.AuthException the check's refusal (the module's code, of kind
   *     {@code UNAUTHENTICATED} for a wrong credential), or {@code rate_limited}
   * @throws IllegalArgumentException when no installed module takes the header
   */
  VerifiedAccessToken verifyModuleCredential(
      String header, String value, @Nullable ClientInfo client);

  /**
   * Exchanges a refresh token for a new pair, rotating it, in one transaction. The new access token
   * carries the session's current profile (or the default one if that profile was deleted).
   *
   * @param refreshToken the refresh token the client holds
   * @param client who is calling; its IP and user agent update the session, or {@code null}
   * @return the new pair; the presented token no longer works
   * @throws InvalidRefreshTokenException {@code invalid_refresh_token} when the token is unknown,
   *     malformed, expired, revoked, already used, or its user may no longer sign in; the same
   *     error whatever the cause
   */
  TokenPair refresh(String refreshToken, @Nullable ClientInfo client);

  /**
   * Exchanges a legacy system's token for a Gatehouse session during its transition window (RFC
   * 8693 token exchange), so that a client holding only the legacy system's token stays signed in.
   * The tokens are read by the legacy module ({@code auth-legacy}'s {@code LegacyCutOver}, through
   * {@link CarryOver}); without it every token is refused. The module takes a
   * djangorestframework-simplejwt access token ({@code gatehouse.legacy.simplejwt.access-tokens}),
   * a FastAPI-Users JWT ({@code gatehouse.legacy.fastapi-users.secret} and {@code until}), a
   * djangorestframework {@code Token} key ({@code gatehouse.legacy.drf-tokens.until}, its owner
   * read through {@code LegacyCredentials}) or a Django session key, the {@code sessionid} cookie
   * ({@code gatehouse.legacy.django-sessions.*}: the session must verify under Django's {@code
   * SECRET_KEY} and carry its user's current password hash, as in Django). A JWT is verified as its
   * issuer would (HMAC under the configured algorithm and key only, unexpired, its audience), the
   * account its user became is found through the {@code LegacyAccountResolver}, and the session
   * starts through the one sign-in pipeline (account state, the second step's gate: a legacy token
   * cannot answer a second step, so an account that needs one is refused) with the method {@code
   * simplejwt}, {@code fastapi_users}, {@code drf_token} or {@code django_session} (published as
   * {@code LoggedIn}). Each token is exchanged once: presented again, it is refused and the session
   * it produced ends ({@code TokenReuseDetected}), as for a reused refresh token.
   *
   * @param subjectToken the legacy token
   * @param client who is calling (the new session's client kind, IP and user agent), or {@code
   *     null}
   * @return the new session's tokens
   * @throws InvalidSubjectTokenException {@code invalid_subject_token} whatever is wrong with the
   *     token, including no configured kind for it (or no legacy module), the window's end, a user
   *     that was not moved over or may not sign in or needs a second step, and a second exchange;
   *     the same error whatever the cause
   */
  TokenPair exchangeLegacyToken(String subjectToken, @Nullable ClientInfo client);

  /**
   * Exchanges a refresh token for a new access token without rotating it, as djangorestframework-
   * simplejwt does by default ({@code ROTATE_REFRESH_TOKENS = False}): the client keeps its refresh
   * token until the session ends. Used by the HTTP contract profiles of peers whose clients never
   * store a second refresh token; rotation ({@link #refresh}) is the safer behaviour and the
   * default everywhere else. The session's idle timeout and absolute expiry apply as for a
   * rotation, and a token that was rotated earlier is reuse: the session ends, as at {@link
   * #refresh}.
   *
   * @param refreshToken the refresh token the client holds
   * @param client who is calling; its IP and user agent update the session, or {@code null}
   * @return the new access token with the same refresh token
   * @throws InvalidRefreshTokenException {@code invalid_refresh_token} when the token is unknown,
   *     malformed, expired, revoked, rotated (the session is then ended), or its user may no longer
   *     sign in
   */
  TokenPair refreshWithoutRotation(String refreshToken, @Nullable ClientInfo client);

  /**
   * Ends one of the caller's sessions (typically the one their access token names). Idempotent: a
   * session that is already over, or not theirs, is left alone.
   *
   * @param userPublicId the caller ({@code sub})
   * @param sessionId the session ({@code sid})
   * @return whether a session was revoked by this call
   */
  boolean logout(UUID userPublicId, String sessionId);

  /**
   * Ends the session a refresh token belongs to, for clients that log out with their refresh token
   * (no access token needed). Idempotent and silent: an unknown or dead token changes nothing and
   * is not an error, so the answer reveals nothing.
   *
   * @param refreshToken the refresh token the client holds, current or already rotated
   * @return whether a session was revoked by this call
   */
  boolean logoutWithRefreshToken(String refreshToken);

  /**
   * Logs a user out everywhere: revokes all of their live sessions.
   *
   * @param userPublicId the user
   * @return how many sessions were revoked
   */
  int logoutAll(UUID userPublicId);

  /**
   * The caller's live sessions, most recently used first.
   *
   * @param userPublicId the caller ({@code sub})
   * @param currentSessionId the caller's own session ({@code sid}), flagged {@code current}; or
   *     {@code null}
   * @return the sessions
   */
  List<SessionView> listSessions(UUID userPublicId, @Nullable String currentSessionId);

  /**
   * Revokes one of the caller's sessions (from the session list).
   *
   * @param userPublicId the caller
   * @param sessionId the session to end
   * @throws NotFoundException {@code session_not_found} when no live session of the caller has that
   *     id; the same for another user's session
   */
  void revokeSession(UUID userPublicId, String sessionId);

  /**
   * Revokes every live session of the caller except the one they are using.
   *
   * @param userPublicId the caller
   * @param currentSessionId the session to keep
   * @return how many sessions were revoked
   */
  int revokeOthers(UUID userPublicId, String currentSessionId);

  /**
   * Deletes sessions that are over (revoked, or expired at or before {@code now}) with their
   * refresh tokens, in batches of {@code gatehouse.cleanup.batch-size}, one transaction per batch.
   * Safe to run on several instances at once; schedule it on one or all.
   *
   * @param now the cut-off, normally the current time
   * @return how many sessions were deleted
   */
  int cleanup(Instant now);

  /**
   * One of a user's live sessions, as {@code GET /auth/sessions/} lists it.
   *
   * @param id the session id ({@code sid}; what {@link SessionService#revokeSession} takes)
   * @param client {@code web} or {@code mobile}
   * @param device the device it was started from, or {@code null}
   * @param createdAt when it started (the login)
   * @param lastUsedAt when its refresh token was last used
   * @param expiresAt when it ends at the latest, whatever its use
   * @param network the client's network, never the full address: IPv4 {@code /24}, IPv6 {@code /48}
   *     (e.g. {@code 203.0.113.0/24}), or {@code null}
   * @param userAgent the client's user agent (at most 255 characters), or {@code null}
   * @param current whether this is the session the caller is using
   * @param actor the public id of who acts in this session on the user's behalf (RFC 8693's {@code
   *     act} claim a module keeps in it, as an impersonation by staff), or {@code null} for the
   *     user's own session
   */
  public record SessionView(
      String id,
      String client,
      @Nullable DeviceView device,
      Instant createdAt,
      Instant lastUsedAt,
      Instant expiresAt,
      @Nullable String network,
      @Nullable String userAgent,
      boolean current,
      @Nullable String actor) {

    /**
     * A session of the user's own, no one acting for them.
     *
     * @param id the session id
     * @param client {@code web} or {@code mobile}
     * @param device the device it was started from, or {@code null}
     * @param createdAt when it started
     * @param lastUsedAt when its refresh token was last used
     * @param expiresAt when it ends at the latest
     * @param network the client's coarse network, or {@code null}
     * @param userAgent the client's user agent, or {@code null}
     * @param current whether this is the session the caller is using
     */
    public SessionView(
        String id,
        String client,
        @Nullable DeviceView device,
        Instant createdAt,
        Instant lastUsedAt,
        Instant expiresAt,
        @Nullable String network,
        @Nullable String userAgent,
        boolean current) {
      this(id, client, device, createdAt, lastUsedAt, expiresAt, network, userAgent, current, null);
    }
  }

  /**
   * A refresh token was refused. Unknown, malformed, expired (absolute or idle), revoked and reused
   * tokens all produce this one type with code {@code invalid_refresh_token} and the same message,
   * so a caller learns nothing about which check failed. Map it to HTTP 401.
   */
  public static final class InvalidRefreshTokenException extends RejectedInputException {
    private static final long serialVersionUID = 1L;

    /** The message of every instance. */
    public static final String MESSAGE = "The refresh token is invalid or expired";

    /** Creates the one outward form of a refused refresh token. */
    public InvalidRefreshTokenException() {
      super(ErrorCode.INVALID_REFRESH_TOKEN, MESSAGE);
    }
  }

  /**
   * A legacy token presented for exchange ({@link SessionService#exchangeLegacyToken}) was refused.
   * A malformed, wrongly signed, expired, unmapped, already exchanged or unconfigured token, and
   * one presented after the transition window, all produce this one type with code {@code
   * invalid_subject_token} and the same message (the reason is logged at INFO, without the token).
   * Map it to HTTP 400 (RFC 8693 answers a bad subject token as a bad request, and the caller is
   * not using a bearer token it should drop).
   */
  public static final class InvalidSubjectTokenException extends RejectedInputException {
    private static final long serialVersionUID = 1L;

    /** The message of every instance. */
    public static final String MESSAGE =
        "The subject token is invalid, expired or already exchanged";

    /** Creates the one outward form of a refused subject token. */
    public InvalidSubjectTokenException() {
      super(ErrorCode.INVALID_SUBJECT_TOKEN, MESSAGE);
    }
  }

  /**
   * What a successful login or refresh answers: a JWT access token and an opaque refresh token.
   *
   * @param accessToken the signed access token
   * @param refreshToken the opaque refresh token (shown once; only its hash is stored)
   * @param accessTokenExpiresAt when the access token expires
   * @param sessionId the session ({@code sid}) both belong to
   * @param userId the account's public id, the access token's {@code sub}: what a caller needs to
   *     show the signed-in user without verifying the token it was just handed
   * @param profileId the active profile's id as the token carries it (the profile claim), or {@code
   *     null} when the token names none
   * @param secondFactorEnrolmentDue for a login of an account the second-factor policy covers that
   *     has no factor yet, inside its grace period: when the grace ends (after it, logins answer
   *     {@code mfa_enrolment_required}); otherwise {@code null}
   */
  public record TokenPair(
      String accessToken,
      String refreshToken,
      Instant accessTokenExpiresAt,
      String sessionId,
      UUID userId,
      @Nullable String profileId,
      @Nullable Instant secondFactorEnrolmentDue) {

    /**
     * @param due when the account's second-factor enrolment grace ends
     * @return this pair saying enrolment is due by {@code due}
     */
    public TokenPair withSecondFactorEnrolmentDue(Instant due) {
      return new TokenPair(
          accessToken, refreshToken, accessTokenExpiresAt, sessionId, userId, profileId, due);
    }

    @Override
    public String toString() {
      return "TokenPair[sessionId="
          + sessionId
          + ", accessTokenExpiresAt="
          + accessTokenExpiresAt
          + (secondFactorEnrolmentDue == null
              ? ""
              : ", secondFactorEnrolmentDue=" + secondFactorEnrolmentDue)
          + "]";
    }
  }
}
