package dev.gatehouse.core.session;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.internal.LiveSessionCache;
import dev.gatehouse.core.internal.ServiceAccess;
import dev.gatehouse.core.observe.ObservedOperation;
import dev.gatehouse.core.store.DeviceRecord;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.SessionStore.RefreshTokenState;
import dev.gatehouse.core.store.SessionStore.RevokeFilter;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier;
import dev.gatehouse.core.token.InvalidTokenException;
import dev.gatehouse.core.token.VerifiedAccessToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions and tokens: starting a session at login, refresh-token rotation with reuse detection,
 * access-token verification, logout, the session list and cleanup. Obtained from {@code
 * Gatehouse.sessions()}; thread-safe.
 *
 * <p>A session is one refresh-token family. Its refresh token is opaque (256 bits), stored only as
 * a keyed hash, and rotated at every use; presenting a token that was already rotated revokes the
 * whole session and publishes {@link AuthEvent.TokenReuseDetected}. A session ends at its absolute
 * expiry ({@code gatehouse.token.refresh-ttl} after login) or after {@code
 * gatehouse.token.refresh-idle-timeout} without a refresh, whichever comes first.
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
public final class SessionService implements SessionStarter {
  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

  /** The client kind of browser sessions. */
  public static final String CLIENT_WEB = "web";

  /** The client kind of mobile-app sessions. */
  public static final String CLIENT_MOBILE = "mobile";

  private final GatehouseContext ctx;
  private final SessionStart starts;
  private final RefreshRotation rotation;
  private final SessionHandOffs handOffs;

  static {
    ServiceAccess.register(SessionService.class, (ctx, sessions) -> new SessionService(ctx));
  }

  /**
   * Built by {@code Gatehouse} through {@link ServiceAccess}.
   *
   * @param ctx the shared wiring (internal)
   */
  SessionService(GatehouseContext ctx) {
    this.ctx = requireNonNull(ctx, "ctx");
    this.starts = new SessionStart(ctx);
    this.rotation = new RefreshRotation(ctx, this);
    this.handOffs = new SessionHandOffs(ctx);
  }

  // ---- starting and ending sessions from other flows -------------------------------------------

  /**
   * {@inheritDoc}
   *
   * <p>The challenge is an action token of purpose {@code mfa_login} whose binding is the first
   * factor's {@code amr}; issuing it revokes the user's earlier unused challenges, so only the
   * newest login attempt can be completed.
   *
   * <p><b>Remembered devices.</b> A client presenting ({@link ClientInfo#rememberedDevice()}) a
   * valid remembered-device token of this user starts the session without a challenge; its {@code
   * amr} is the first factor's plus {@code rdt} (never {@code mfa}, so step-up still asks).
   *
   * <p><b>Policy.</b> When {@code gatehouse.mfa.required} covers the user, the moment it first did
   * is recorded; a user without a factor then gets tokens that say when enrolment is due ({@link
   * TokenPair#secondFactorEnrolmentDue()}) until {@code gatehouse.mfa.enrolment-grace} has passed,
   * and after it an enrolment-only challenge (purpose {@code mfa_enrol}) instead of tokens. A
   * covered user with a passkey but no authenticator app has a second factor: a login whose first
   * factor was not that passkey gets the normal challenge with the method {@code webauthn}.
   *
   * <p>A first factor that was a passkey is never offered {@code webauthn} as the second.
   */
  @Override
  public SignInResult signIn(
      StoreTransaction tx, UUID userPublicId, List<String> amr, ClientInfo client) {
    requireNonNull(userPublicId, "userPublicId");
    return starts.signIn(tx, userPublicId, null, amr, client);
  }

  /**
   * {@inheritDoc}
   *
   * <p>As {@link #signIn(StoreTransaction, UUID, List, ClientInfo)}; the access token's roles come
   * from {@code user}.
   */
  @Override
  public SignInResult signIn(
      StoreTransaction tx, UserRecord user, List<String> amr, ClientInfo client) {
    requireNonNull(user, "user");
    return starts.signIn(tx, user.publicId(), user, amr, client);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The profiles are those the session start reads anyway: no statement beyond {@link #start}.
   */
  @Override
  public SignInResult.SignedIn signedIn(
      StoreTransaction tx, UserRecord user, List<String> amr, ClientInfo client) {
    requireNonNull(user, "user");
    return starts.session(tx, user.publicId(), user, amr, client, null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Uses only {@code tx}. A mobile client's {@link DeviceInfo} is upserted by (user, token),
   * refreshing its push token, platform, name and last-seen time; with {@code
   * gatehouse.session.single-on-mobile} a mobile login revokes the user's other mobile sessions.
   * With {@code gatehouse.notify.new-device}, a device the account has not used before (other than
   * its first) earns the account a {@code new_sign_in} notice after commit. The access token
   * carries the user's default profile.
   *
   * @throws RejectedInputException {@code invalid_client} when the client kind is neither {@code
   *     web} nor {@code mobile}, {@code invalid_device} when the device information is malformed
   */
  @Override
  public TokenPair start(
      StoreTransaction tx, UUID userPublicId, List<String> amr, ClientInfo client) {
    requireNonNull(userPublicId, "userPublicId");
    return starts.begin(tx, userPublicId, null, amr, client).tokens();
  }

  /**
   * {@inheritDoc}
   *
   * <p>As {@link #start(StoreTransaction, UUID, List, ClientInfo)}; the access token's roles come
   * from {@code user}.
   */
  @Override
  public TokenPair start(
      StoreTransaction tx, UserRecord user, List<String> amr, ClientInfo client) {
    requireNonNull(user, "user");
    return starts.begin(tx, user.publicId(), user, amr, client).tokens();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Uses only {@code tx}. The user's remembered devices are revoked too (publishing {@link
   * AuthEvent.RememberedDevicesRevoked} after commit when there were any); the calling flow
   * publishes its own event after commit.
   */
  @Override
  public int revokeAll(StoreTransaction tx, UUID userPublicId, String reason) {
    requireNonNull(tx, "tx");
    requireNonNull(userPublicId, "userPublicId");
    Instant now = ctx.clock().instant();
    int devices = tx.secondFactors().revokeRememberedDevices(userPublicId, null, now);
    if (devices > 0) {
      ctx.events()
          .publish(
              tx,
              new AuthEvent.RememberedDevicesRevoked(now, userPublicId, devices, reason(reason)));
    }
    ctx.liveSessions().revoked(tx, userPublicId);
    return tx.sessions()
        .revokeSessions(userPublicId, RevokeFilter.all(), ctx.clock().instant(), reason(reason));
  }

  // ---- tokens ----------------------------------------------------------------------------------

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
  public VerifiedAccessToken verifyAccessToken(String accessToken) {
    return ctx.accessTokenVerifier().verify(accessToken);
  }

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
  public VerifiedAccessToken verifyLiveAccessToken(String accessToken) {
    VerifiedAccessToken token = ctx.accessTokenVerifier().verify(accessToken);
    LiveSessionCache cache = ctx.liveSessions();
    Optional<Boolean> known = cache.lookup(token.sessionId(), token.userPublicId());
    boolean live;
    if (known.isPresent()) {
      live = known.get();
    } else {
      long stamp = cache.stamp();
      Instant now = ctx.clock().instant();
      live =
          ctx.store()
              .inTransaction(
                  tx ->
                      tx.sessions()
                          .findSession(token.sessionId())
                          .filter(s -> s.userPublicId().equals(token.userPublicId()))
                          .filter(s -> s.liveAt(now))
                          .isPresent());
      cache.remember(stamp, token.sessionId(), token.userPublicId(), live, token.expiresAt());
    }
    if (!live) {
      throw new InvalidTokenException(InvalidTokenException.Reason.SESSION_ENDED);
    }
    return token;
  }

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
  public TokenPair refresh(String refreshToken, @Nullable ClientInfo client) {
    return ObservedOperation.run(
        ctx.observer(),
        ObservedOperation.REFRESH,
        java.util.Map.of(),
        r -> "success",
        () -> rotation.refresh(refreshToken, client));
  }

  /**
   * Exchanges a legacy system's token for a Gatehouse session during its transition window (RFC
   * 8693 token exchange), so that a client holding only the legacy system's token stays signed in:
   * a djangorestframework-simplejwt access token ({@code
   * gatehouse.legacy.simplejwt.access-tokens}), a FastAPI-Users JWT ({@code
   * gatehouse.legacy.fastapi-users.secret} and {@code until}), a djangorestframework {@code Token}
   * key ({@code gatehouse.legacy.drf-tokens.until}, its owner read through {@code
   * LegacyCredentials}) or a Django session key, the {@code sessionid} cookie ({@code
   * gatehouse.legacy.django-sessions.*}: the session must verify under Django's {@code SECRET_KEY}
   * and carry its user's current password hash, as in Django). A JWT is verified as its issuer
   * would (HMAC under the configured algorithm and key only, unexpired, its audience), the account
   * its user became is found through the {@code LegacyAccountResolver}, and a session starts with
   * the method {@code simplejwt}, {@code fastapi_users}, {@code drf_token} or {@code
   * django_session} (published as {@code LoggedIn}). Each token is exchanged once: presented again,
   * it is refused and the session it produced ends ({@code TokenReuseDetected}), as for a reused
   * refresh token.
   *
   * @param subjectToken the legacy token
   * @param client who is calling (the new session's client kind, IP and user agent), or {@code
   *     null}
   * @return the new session's tokens
   * @throws InvalidSubjectTokenException {@code invalid_subject_token} whatever is wrong with the
   *     token, including no configured kind for it, the window's end, a user that was not moved
   *     over or may not sign in, and a second exchange; the same error whatever the cause
   */
  public TokenPair exchangeLegacyToken(String subjectToken, @Nullable ClientInfo client) {
    return rotation.exchange(subjectToken, client);
  }

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
  public TokenPair refreshWithoutRotation(String refreshToken, @Nullable ClientInfo client) {
    return rotation.refreshWithoutRotation(refreshToken, client);
  }

  // ---- logout
  // ------------------------------------------------------------------------------------

  /**
   * Ends one of the caller's sessions (typically the one their access token names). Idempotent: a
   * session that is already over, or not theirs, is left alone.
   *
   * @param userPublicId the caller ({@code sub})
   * @param sessionId the session ({@code sid})
   * @return whether a session was revoked by this call
   */
  public boolean logout(UUID userPublicId, String sessionId) {
    requireNonNull(userPublicId, "userPublicId");
    if (sessionId == null) {
      return false;
    }
    Instant now = ctx.clock().instant();
    boolean revoked =
        ctx.store()
            .inTransaction(
                tx -> {
                  ctx.liveSessions().revoked(tx, userPublicId);
                  boolean ended =
                      tx.sessions().revokeSession(sessionId, userPublicId, now, "logout");
                  return ended(tx, ended ? 1 : 0, now, userPublicId, sessionId, "logout") > 0;
                });
    return revoked;
  }

  /**
   * Hands a session just started in the browser (a social sign-in's callback) to the single-page
   * application that started it: answers a one-time code, valid for two minutes and bound to the
   * application's PKCE {@code code_challenge} (S256), which {@link #redeemHandOff} exchanges for
   * the session's tokens. Only the code's keyed hash is stored; the refresh token of {@code
   * signedIn} is replaced at the exchange, so the one issued here is never usable.
   *
   * @param signedIn the session's tokens, as the sign-in answered them
   * @param codeChallenge the application's S256 code challenge (43 base64url characters)
   * @return the code, to put in the redirect to the application
   * @throws RejectedInputException {@code invalid_code_challenge} when the challenge is malformed
   */
  public String handOff(TokenPair signedIn, String codeChallenge) {
    return handOffs.handOff(requireNonNull(signedIn, "signedIn"), codeChallenge);
  }

  /**
   * Exchanges a hand-off code ({@link #handOff}) and the PKCE verifier whose S256 is its challenge
   * for the session's tokens: a new refresh token (the one issued at the sign-in is replaced) and
   * an access token. The code is bound to the challenge: without the verifier it is not found (and
   * stays usable by the application); with it, the first exchange spends it.
   *
   * @param code the one-time code from the redirect
   * @param codeVerifier the application's PKCE verifier
   * @return the session's tokens
   * @throws RejectedInputException {@code invalid_grant} for an unknown, used, expired or
   *     mismatched code, or a session that ended meanwhile; the same error whatever the cause
   */
  public TokenPair redeemHandOff(String code, String codeVerifier) {
    return handOffs.redeem(code, codeVerifier);
  }

  /**
   * Ends the session a refresh token belongs to, for clients that log out with their refresh token
   * (no access token needed). Idempotent and silent: an unknown or dead token changes nothing and
   * is not an error, so the answer reveals nothing.
   *
   * @param refreshToken the refresh token the client holds, current or already rotated
   * @return whether a session was revoked by this call
   */
  public boolean logoutWithRefreshToken(String refreshToken) {
    if (refreshToken == null
        || refreshToken.isEmpty()
        || refreshToken.length() > SessionTokens.MAX_REFRESH_TOKEN_LENGTH) {
      return false;
    }
    String hash = SessionTokens.hash(ctx, refreshToken);
    Instant now = ctx.clock().instant();
    Optional<SessionState> revoked =
        ctx.store()
            .inTransaction(
                tx -> {
                  SessionStore store = tx.sessions();
                  Optional<RefreshTokenState> t = store.findRefreshToken(hash);
                  if (t.isEmpty()) {
                    return Optional.<SessionState>empty();
                  }
                  Optional<SessionState> s = store.findSession(t.get().sessionId());
                  s.ifPresent(found -> ctx.liveSessions().revoked(tx, found.userPublicId()));
                  if (s.isPresent() && store.revokeSession(s.get().id(), null, now, "logout")) {
                    ended(tx, 1, now, s.get().userPublicId(), s.get().id(), "logout");
                    return s;
                  }
                  return Optional.<SessionState>empty();
                });
    return revoked.isPresent();
  }

  /**
   * Logs a user out everywhere: revokes all of their live sessions.
   *
   * @param userPublicId the user
   * @return how many sessions were revoked
   */
  public int logoutAll(UUID userPublicId) {
    requireNonNull(userPublicId, "userPublicId");
    Instant now = ctx.clock().instant();
    int n =
        ctx.store()
            .inTransaction(
                tx -> {
                  ctx.liveSessions().revoked(tx, userPublicId);
                  int ended =
                      tx.sessions()
                          .revokeSessions(userPublicId, RevokeFilter.all(), now, "logout_all");
                  return ended(tx, ended, now, userPublicId, null, "logout_all");
                });
    return n;
  }

  // ---- the session list
  // --------------------------------------------------------------------------

  /**
   * The caller's live sessions, most recently used first.
   *
   * @param userPublicId the caller ({@code sub})
   * @param currentSessionId the caller's own session ({@code sid}), flagged {@code current}; or
   *     {@code null}
   * @return the sessions
   */
  public List<SessionView> listSessions(UUID userPublicId, @Nullable String currentSessionId) {
    requireNonNull(userPublicId, "userPublicId");
    Instant now = ctx.clock().instant();
    return ctx.store()
        .inTransaction(
            tx -> {
              List<SessionState> live = tx.sessions().liveSessionsOf(userPublicId, now);
              Map<Long, DeviceView> devices = new HashMap<>();
              if (live.stream().anyMatch(s -> s.deviceId() != null)) {
                for (DeviceRecord d : tx.devices().list(userPublicId)) {
                  devices.put(d.id(), DeviceView.of(d));
                }
              }
              List<SessionView> out = new ArrayList<>(live.size());
              for (SessionState s : live) {
                out.add(
                    new SessionView(
                        s.id(),
                        s.client(),
                        s.deviceId() == null ? null : devices.get(s.deviceId()),
                        s.createdAt(),
                        s.lastUsedAt(),
                        s.expiresAt(),
                        s.coarseIp(),
                        s.userAgent(),
                        s.id().equals(currentSessionId)));
              }
              return List.copyOf(out);
            });
  }

  /**
   * Revokes one of the caller's sessions (from the session list).
   *
   * @param userPublicId the caller
   * @param sessionId the session to end
   * @throws NotFoundException {@code session_not_found} when no live session of the caller has that
   *     id; the same for another user's session
   */
  public void revokeSession(UUID userPublicId, String sessionId) {
    requireNonNull(userPublicId, "userPublicId");
    Instant now = ctx.clock().instant();
    boolean revoked =
        sessionId != null
            && ctx.store()
                .inTransaction(
                    tx -> {
                      ctx.liveSessions().revoked(tx, userPublicId);
                      boolean ended =
                          tx.sessions().revokeSession(sessionId, userPublicId, now, "revoked");
                      return ended(tx, ended ? 1 : 0, now, userPublicId, sessionId, "revoked") > 0;
                    });
    if (!revoked) {
      throw new NotFoundException(ErrorCode.SESSION_NOT_FOUND);
    }
  }

  /**
   * Revokes every live session of the caller except the one they are using.
   *
   * @param userPublicId the caller
   * @param currentSessionId the session to keep
   * @return how many sessions were revoked
   */
  public int revokeOthers(UUID userPublicId, String currentSessionId) {
    requireNonNull(userPublicId, "userPublicId");
    requireNonNull(currentSessionId, "currentSessionId");
    Instant now = ctx.clock().instant();
    int n =
        ctx.store()
            .inTransaction(
                tx -> {
                  ctx.liveSessions().revoked(tx, userPublicId);
                  int ended =
                      tx.sessions()
                          .revokeSessions(
                              userPublicId, RevokeFilter.allBut(currentSessionId), now, "revoked");
                  return ended(tx, ended, now, userPublicId, null, "revoked_others");
                });
    return n;
  }

  /**
   * Records, in the transaction that ended them, that {@code count} sessions ended ({@code
   * SessionRevoked}, with the one session's id or {@code null} for several); none: nothing.
   */
  private int ended(
      StoreTransaction tx, int count, Instant now, UUID user, String sessionId, String reason) {
    if (count > 0) {
      ctx.events().publish(tx, new AuthEvent.SessionRevoked(now, user, sessionId, reason));
    }
    return count;
  }

  // ---- housekeeping
  // ------------------------------------------------------------------------------

  /**
   * Deletes sessions that are over (revoked, or expired at or before {@code now}) with their
   * refresh tokens, in batches of {@code gatehouse.cleanup.batch-size}, one transaction per batch.
   * Safe to run on several instances at once; schedule it on one or all.
   *
   * @param now the cut-off, normally the current time
   * @return how many sessions were deleted
   */
  public int cleanup(Instant now) {
    requireNonNull(now, "now");
    int batch = ctx.config().get(GatehouseConfig.CLEANUP_BATCH_SIZE);
    int total = 0;
    while (true) {
      int n = ctx.store().inTransaction(tx -> tx.sessions().deleteDeadSessions(now, batch));
      total += n;
      if (n < batch) {
        break;
      }
    }
    if (total > 0) {
      LOG.info("session cleanup deleted {} sessions", total);
    }
    return total;
  }

  // ---- helpers
  // -----------------------------------------------------------------------------------

  private static String reason(String reason) {
    if (reason == null || reason.isBlank()) {
      return "revoked";
    }
    return reason.length() <= 32 ? reason : reason.substring(0, 32);
  }
}
