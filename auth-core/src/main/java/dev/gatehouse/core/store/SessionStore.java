package dev.gatehouse.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Store operations for sessions and refresh tokens (the library's own tables), reached through
 * {@link StoreTransaction#sessions()}. Confined to the transaction's thread.
 *
 * <p>A session is one refresh-token family: it is created at login with its first refresh token,
 * and every refresh replaces the live token by a new one. A session keeps its tokens in one of two
 * forms, fixed when it starts: a session <em>holding</em> its token ({@link
 * HeldTokenStore#createSessionHoldingToken}) keeps only its current generation and the keyed hash
 * of that generation's secret in its own row, so a rotation writes one row; a session started with
 * a token in a legacy system's format, or before this form existed, keeps one row per token ({@link
 * #createSession}). Only keyed hashes of refresh tokens ever reach the store. A session is
 * <em>live</em> while it is not revoked and {@code now} is before its idle expiry (which never
 * exceeds its absolute expiry); revoking a session also moves its idle expiry to the revocation
 * time, so "dead" is always {@code idleExpiresAt <= now}.
 *
 * <p>Every check-and-act here is one atomic conditional statement, so concurrent callers on any
 * number of application instances see one truth.
 */
public interface SessionStore extends HeldTokenStore {

  /**
   * Stores a new session and its first refresh token.
   *
   * @param session the session to create
   * @param refreshTokenHash the keyed hash of its first refresh token
   */
  void createSession(NewSession session, String refreshTokenHash);

  /**
   * @param sessionId the session id ({@code sid})
   * @return the session, live or not
   */
  Optional<SessionState> findSession(String sessionId);

  /**
   * @param userPublicId the owner
   * @param now the current time
   * @return the owner's live sessions, most recently used first
   */
  List<SessionState> liveSessionsOf(UUID userPublicId, Instant now);

  /**
   * Rotates a refresh token in one atomic statement: succeeds only if the token is the live token
   * of a live session, marks it rotated (recording {@code newHash} as its successor) and stores
   * {@code newHash} as the session's new live token. Of several concurrent calls with the same
   * {@code presentedHash}, on any instance, at most one succeeds.
   *
   * <p>The session is answered as it was read before the rotation (in the same transaction), so the
   * caller needs no second read of it.
   *
   * @param presentedHash hash of the presented token
   * @param newHash hash of its replacement
   * @param now the current time
   * @return the token's session when this call rotated the token, else empty
   */
  Optional<SessionState> rotateRefreshToken(String presentedHash, String newHash, Instant now);

  /**
   * A refresh's writes in one step: rotates the presented token as {@link #rotateRefreshToken} does
   * and, when it did, records the session's use as {@link #recordUse} does, with the idle expiry of
   * {@link RefreshUse#idleExpiryAfterUse}. A store that can do both in fewer statements overrides
   * this (the JPA store: one statement on PostgreSQL, a joined update on MariaDB); the default
   * calls those two methods, in that order, so its answers are theirs.
   *
   * @param use what the refresh presents and records
   * @return empty when the token was not rotated by this call (unknown, already rotated, or its
   *     session not live); else the session as it was read before the rotation, and whether its use
   *     was recorded ({@code false} when the session was revoked meanwhile)
   */
  default Optional<RotatedSession> rotateAndRecordUse(RefreshUse use) {
    java.util.Objects.requireNonNull(use, "use");
    return rotateRefreshToken(use.presentedHash(), use.newHash(), use.now())
        .map(
            s ->
                new RotatedSession(
                    s,
                    recordUse(
                        s.id(),
                        use.now(),
                        use.idleExpiryAfterUse(s),
                        use.coarseIp(),
                        use.userAgent())));
  }

  /**
   * What a refresh presents and records, for {@link #rotateAndRecordUse}. Holds only keyed hashes
   * of refresh tokens; its {@code toString} shows neither.
   *
   * @param presentedHash the keyed hash of the presented refresh token
   * @param newHash the keyed hash of its successor
   * @param now the current time
   * @param idleTimeout the sessions' idle timeout ({@code gatehouse.token.refresh-idle-timeout})
   * @param coarseIp the coarse IP to record, or {@code null} to keep the stored one
   * @param userAgent the user agent to record, or {@code null} to keep the stored one
   */
  record RefreshUse(
      String presentedHash,
      String newHash,
      Instant now,
      Duration idleTimeout,
      @Nullable String coarseIp,
      @Nullable String userAgent) {
    /**
     * Checks the required values.
     *
     * @param presentedHash the keyed hash of the presented refresh token
     * @param newHash the keyed hash of its successor
     * @param now the current time
     * @param idleTimeout the sessions' idle timeout
     * @param coarseIp the coarse IP to record, or {@code null}
     * @param userAgent the user agent to record, or {@code null}
     */
    public RefreshUse {
      java.util.Objects.requireNonNull(presentedHash, "presentedHash");
      java.util.Objects.requireNonNull(newHash, "newHash");
      java.util.Objects.requireNonNull(now, "now");
      java.util.Objects.requireNonNull(idleTimeout, "idleTimeout");
    }

    /**
     * The idle expiry a session used now keeps: the idle timeout from now, never past the session's
     * absolute expiry; but its stored idle expiry while that new one would move it by less than
     * {@link #idleStep()} (so most refreshes leave the indexed column as it was), and never a
     * sooner one kept. A store that computes it in SQL computes exactly this.
     *
     * @param session the session as read before its use
     * @return the idle expiry to store
     */
    public Instant idleExpiryAfterUse(SessionState session) {
      return idleExpiryAfterUse(idleTimeout, now, session);
    }

    /**
     * The rule of {@link #idleExpiryAfterUse(SessionState)} for a use that rotates nothing.
     *
     * @param idleTimeout the sessions' idle timeout
     * @param now the current time
     * @param session the session as read before its use
     * @return the idle expiry to store
     */
    public static Instant idleExpiryAfterUse(
        Duration idleTimeout, Instant now, SessionState session) {
      Instant next = now.plus(idleTimeout);
      if (!next.isBefore(session.expiresAt())) {
        next = session.expiresAt();
      }
      Instant stored = session.idleExpiresAt();
      // Never kept when the new expiry is sooner (a shortened timeout, the absolute expiry).
      return !next.isBefore(stored) && next.isBefore(stored.plus(stepOf(idleTimeout)))
          ? stored
          : next;
    }

    /** {@return the idle timeout from now, before the absolute expiry caps it} */
    public Instant idleCandidate() {
      return now.plus(idleTimeout);
    }

    /** {@return the least move of a stored idle expiry: a hundredth of the idle timeout} */
    public Duration idleStep() {
      return stepOf(idleTimeout);
    }

    /**
     * A hundredth of a positive {@code idleTimeout}, as {@link Duration#dividedBy(long)} gives it,
     * without the {@code BigDecimal} that method computes through at every refresh.
     */
    private static Duration stepOf(Duration idleTimeout) {
      long seconds = idleTimeout.getSeconds();
      return Duration.ofSeconds(
          seconds / 100, ((seconds % 100) * 1_000_000_000L + idleTimeout.getNano()) / 100);
    }

    @Override
    public String toString() {
      return "RefreshUse[now=" + now + ", idleTimeout=" + idleTimeout + "]";
    }
  }

  /**
   * What {@link #rotateAndRecordUse} did, and, when the store read it in the same step, the
   * session's owner as {@link StoreTransaction#sessionOwner} answers it for the session's user and
   * profile (then the refresh reads it no more).
   *
   * @param session the token's session as it was read before the rotation
   * @param used whether the session's use was recorded ({@code false}: revoked meanwhile, so the
   *     caller issues nothing for it)
   * @param owner the session's owner read in the same step, or {@code null} when the store did not
   *     read it (the caller reads it through {@link StoreTransaction#sessionOwner}); an owner no
   *     user has any longer is answered as one that may not sign in ({@code new SessionOwner(false,
   *     false, false)})
   */
  record RotatedSession(
      SessionState session, boolean used, StoreTransaction.@Nullable SessionOwner owner) {
    /**
     * A rotation whose store did not read the owner.
     *
     * @param session the token's session as it was read before the rotation
     * @param used whether the session's use was recorded
     */
    public RotatedSession(SessionState session, boolean used) {
      this(session, used, null);
    }
  }

  /**
   * @param tokenHash a refresh token's hash
   * @return what is stored about the token, if anything
   */
  Optional<RefreshTokenState> findRefreshToken(String tokenHash);

  /**
   * Claims the one-time grace use of an already rotated token, in one atomic statement: succeeds
   * only if the token was rotated at or after {@code rotatedNotBefore} and its grace use was not
   * claimed yet.
   *
   * @param tokenHash the rotated token's hash
   * @param rotatedNotBefore the earliest rotation time still inside the grace window
   * @param now the current time
   * @return whether this call claimed it
   */
  boolean claimGraceUse(String tokenHash, Instant rotatedNotBefore, Instant now);

  /**
   * Replaces every live refresh token of a live session by {@code newHash} (for a profile switch,
   * which hands out a new pair without presenting the old refresh token).
   *
   * @param sessionId the session
   * @param newHash hash of the new live token
   * @param now the current time
   * @return whether the session was live and the token was replaced
   */
  boolean replaceRefreshToken(String sessionId, String newHash, Instant now);

  /**
   * Records a use of a live session: last-used time, a new idle expiry (capped at the absolute
   * expiry by the caller), the current coarse IP and user agent. One conditional write: a session
   * revoked meanwhile, also by a transaction that committed while this one waited for the row, is
   * left unchanged and answers {@code false}, so the caller issues nothing for it.
   *
   * @param sessionId the session
   * @param now the current time
   * @param idleExpiresAt the new idle expiry
   * @param coarseIp the coarse IP, or {@code null} to keep the stored one
   * @param userAgent the user agent, or {@code null} to keep the stored one
   * @return whether the session was still unrevoked and is now recorded as used
   */
  boolean recordUse(
      String sessionId,
      Instant now,
      Instant idleExpiresAt,
      @Nullable String coarseIp,
      @Nullable String userAgent);

  /**
   * Sets the profile a session acts as (carried by every access token it issues afterwards).
   *
   * @param sessionId the session
   * @param profileId the profile's key, or {@code null}
   */
  void setSessionProfile(String sessionId, @Nullable Long profileId);

  /**
   * Sets the claims modules keep in a session ({@code dev.gatehouse.core.session.SessionClaims}),
   * carried by every access token it issues afterwards. The store keeps the text as it is given and
   * answers it in {@link SessionState#claims()}; it never reads it.
   *
   * @param sessionId the session
   * @param claims the claims as a JSON object of at most {@link #MAX_CLAIMS} characters, or {@code
   *     null} for none
   */
  void setSessionClaims(String sessionId, @Nullable String claims);

  /** The longest {@link #setSessionClaims claims} text a store keeps. */
  int MAX_CLAIMS = 2000;

  /**
   * Revokes one session if it is not revoked yet.
   *
   * @param sessionId the session
   * @param userPublicId the owner; a session of another user is left alone, or {@code null} for any
   *     owner
   * @param now the current time
   * @param reason why, e.g. {@code logout} (at most 32 characters)
   * @return whether this call revoked it
   */
  boolean revokeSession(String sessionId, @Nullable UUID userPublicId, Instant now, String reason);

  /**
   * Revokes every live session of a user, optionally only those of one client kind or device, and
   * optionally keeping one.
   *
   * @param userPublicId the owner
   * @param filter which of the owner's sessions
   * @param now the current time
   * @param reason why (at most 32 characters)
   * @return how many sessions were revoked
   */
  int revokeSessions(UUID userPublicId, RevokeFilter filter, Instant now, String reason);

  /**
   * The sessions revoked at or after {@code since}, by their revocation time: what an instance that
   * follows revocations ({@code gatehouse.token.revocation-follow}) reads every few seconds, so the
   * read must be cheap (the JPA store walks an index on {@code revoked_at}). A session that only
   * expired is not answered; a revoked one is answered until it is deleted.
   *
   * @param since the earliest revocation time to answer
   * @return the revocations, in no particular order
   */
  List<Revocation> revokedSince(Instant since);

  /**
   * Deletes up to {@code batchSize} dead sessions (revoked, or expired at or before {@code now})
   * with their refresh tokens. Safe to run on several instances at once.
   *
   * @param now the current time
   * @param batchSize the most sessions to delete
   * @return how many sessions were deleted
   */
  int deleteDeadSessions(Instant now, int batchSize);

  /**
   * A session to create.
   *
   * @param id the session id ({@code sid}), a random UUID string
   * @param userPublicId the owner
   * @param client {@code web} or {@code mobile}
   * @param deviceId the device's key, or {@code null}
   * @param amr how the user authenticated
   * @param profileId the profile the session acts as, or {@code null}
   * @param coarseIp the coarse IP, or {@code null}
   * @param userAgent the (truncated) user agent, or {@code null}
   * @param createdAt when
   * @param authTime when the user last proved who they are for this session, its {@code auth_time}:
   *     {@code createdAt} for a sign-in here, the legacy system's sign-in for a session carried
   *     over from it, {@code null} when that is not known (never a recent sign-in)
   * @param expiresAt absolute expiry
   * @param idleExpiresAt idle expiry, at most {@code expiresAt}
   */
  record NewSession(
      String id,
      UUID userPublicId,
      String client,
      @Nullable Long deviceId,
      List<String> amr,
      @Nullable Long profileId,
      @Nullable String coarseIp,
      @Nullable String userAgent,
      Instant createdAt,
      @Nullable Instant authTime,
      Instant expiresAt,
      Instant idleExpiresAt) {
    /**
     * Copies the list.
     *
     * @param id the session id ({@code sid}), a random UUID string
     * @param userPublicId the owner
     * @param client {@code web} or {@code mobile}
     * @param deviceId the device's key, or {@code null}
     * @param amr how the user authenticated
     * @param profileId the profile the session acts as, or {@code null}
     * @param coarseIp the coarse IP, or {@code null}
     * @param userAgent the (truncated) user agent, or {@code null}
     * @param createdAt when
     * @param authTime when the user last proved who they are for this session, or {@code null} when
     *     not known
     * @param expiresAt absolute expiry
     * @param idleExpiresAt idle expiry, at most {@code expiresAt}
     */
    public NewSession {
      amr = List.copyOf(amr);
    }
  }

  /**
   * A stored session.
   *
   * @param id the session id
   * @param userPublicId the owner
   * @param client {@code web} or {@code mobile}
   * @param deviceId the device's key, or {@code null}
   * @param amr how the user authenticated at login
   * @param profileId the profile the session acts as, or {@code null}
   * @param coarseIp the coarse IP last seen, or {@code null}
   * @param userAgent the user agent last seen, or {@code null}
   * @param createdAt when the session started
   * @param authTime when the user last proved who they are for this session ({@code auth_time}),
   *     kept through every refresh; {@code null} when not known (see {@link NewSession})
   * @param lastUsedAt when it was last refreshed
   * @param expiresAt absolute expiry
   * @param idleExpiresAt idle expiry
   * @param revokedAt when it was revoked, or {@code null}
   * @param revokeReason why, or {@code null}
   * @param claims the claims modules keep in the session as a JSON object ({@link
   *     #setSessionClaims}), or {@code null} for none
   */
  record SessionState(
      String id,
      UUID userPublicId,
      String client,
      @Nullable Long deviceId,
      List<String> amr,
      @Nullable Long profileId,
      @Nullable String coarseIp,
      @Nullable String userAgent,
      Instant createdAt,
      @Nullable Instant authTime,
      Instant lastUsedAt,
      Instant expiresAt,
      Instant idleExpiresAt,
      @Nullable Instant revokedAt,
      @Nullable String revokeReason,
      @Nullable String claims) {
    /**
     * Copies the list.
     *
     * @param id the session id
     * @param userPublicId the owner
     * @param client {@code web} or {@code mobile}
     * @param deviceId the device's key, or {@code null}
     * @param amr how the user authenticated at login
     * @param profileId the profile the session acts as, or {@code null}
     * @param coarseIp the coarse IP last seen, or {@code null}
     * @param userAgent the user agent last seen, or {@code null}
     * @param createdAt when the session started
     * @param authTime when the user last proved who they are for this session, or {@code null} when
     *     not known
     * @param lastUsedAt when it was last refreshed
     * @param expiresAt absolute expiry
     * @param idleExpiresAt idle expiry
     * @param revokedAt when it was revoked, or {@code null}
     * @param revokeReason why, or {@code null}
     * @param claims the claims modules keep in the session as a JSON object, or {@code null}
     */
    public SessionState {
      amr = List.copyOf(amr);
    }

    /**
     * A session without claims of a module (the form before they existed).
     *
     * @param id the session id
     * @param userPublicId the owner
     * @param client {@code web} or {@code mobile}
     * @param deviceId the device's key, or {@code null}
     * @param amr how the user authenticated at login
     * @param profileId the profile the session acts as, or {@code null}
     * @param coarseIp the coarse IP last seen, or {@code null}
     * @param userAgent the user agent last seen, or {@code null}
     * @param createdAt when the session started
     * @param authTime when the user last proved who they are for this session, or {@code null} when
     *     not known
     * @param lastUsedAt when it was last refreshed
     * @param expiresAt absolute expiry
     * @param idleExpiresAt idle expiry
     * @param revokedAt when it was revoked, or {@code null}
     * @param revokeReason why, or {@code null}
     */
    public SessionState(
        String id,
        UUID userPublicId,
        String client,
        @Nullable Long deviceId,
        List<String> amr,
        @Nullable Long profileId,
        @Nullable String coarseIp,
        @Nullable String userAgent,
        Instant createdAt,
        @Nullable Instant authTime,
        Instant lastUsedAt,
        Instant expiresAt,
        Instant idleExpiresAt,
        @Nullable Instant revokedAt,
        @Nullable String revokeReason) {
      this(
          id,
          userPublicId,
          client,
          deviceId,
          amr,
          profileId,
          coarseIp,
          userAgent,
          createdAt,
          authTime,
          lastUsedAt,
          expiresAt,
          idleExpiresAt,
          revokedAt,
          revokeReason,
          null);
    }

    /**
     * @param now the current time
     * @return whether the session is not revoked and not expired at {@code now}
     */
    public boolean liveAt(Instant now) {
      return revokedAt == null && now.isBefore(idleExpiresAt) && now.isBefore(expiresAt);
    }
  }

  /**
   * That a session was revoked, as {@link #revokedSince} answers it.
   *
   * @param sessionId the session's id ({@code sid})
   * @param revokedAt when it was revoked
   */
  record Revocation(String sessionId, Instant revokedAt) {}

  /**
   * What is stored about one refresh token (never the token itself).
   *
   * @param sessionId its session
   * @param createdAt when it was issued
   * @param rotatedAt when it was rotated (or replaced), or {@code null} while it is live
   * @param successorHash the hash of the token that replaced it, or {@code null}
   * @param graceUsedAt when its one grace use was claimed, or {@code null}
   */
  record RefreshTokenState(
      String sessionId,
      Instant createdAt,
      @Nullable Instant rotatedAt,
      @Nullable String successorHash,
      @Nullable Instant graceUsedAt) {
    @Override
    public String toString() {
      return "RefreshTokenState[sessionId=" + sessionId + ", rotatedAt=" + rotatedAt + "]";
    }
  }

  /**
   * Which of a user's sessions {@link #revokeSessions} revokes.
   *
   * @param client only sessions of this client kind, or {@code null} for every kind
   * @param deviceId only sessions of this device, or {@code null} for every device
   * @param keepSessionId a session to leave alone, or {@code null}
   */
  record RevokeFilter(
      @Nullable String client, @Nullable Long deviceId, @Nullable String keepSessionId) {
    /** {@return every live session of the user} */
    public static RevokeFilter all() {
      return new RevokeFilter(null, null, null);
    }

    /**
     * @param sessionId the session to keep
     * @return every live session but that one
     */
    public static RevokeFilter allBut(String sessionId) {
      return new RevokeFilter(null, null, sessionId);
    }
  }
}
