package dev.gatehouse.core.session.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.internal.CountingTransactions;
import dev.gatehouse.core.internal.LiveSessionCache;
import dev.gatehouse.core.internal.Notices;
import dev.gatehouse.core.internal.RevocationFollower;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.CarryOver;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.DeviceService.DeviceView;
import dev.gatehouse.core.session.ModuleSessions;
import dev.gatehouse.core.session.SessionClaims;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.InvalidSubjectTokenException;
import dev.gatehouse.core.session.SessionService.SessionView;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SessionsEnded;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.DeviceStore.DeviceRecord;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.SessionStore.RevokeFilter;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Clock;
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

/** The {@link SessionService} the facade builds. Internal: not API. */
public final class DefaultSessionService implements SessionService, ModuleSessions {
  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final SecurityEvents events;
  private final AccessTokenVerifier accessTokenVerifier;
  private final LiveSessionCache liveSessions;
  private final RevocationFollower revocations;
  private final GatehouseObserver observer;
  private final SessionStart starts;
  private final SignInPipeline pipeline;
  private final RefreshRotation rotation;
  private final SessionTokens sessionTokens;
  private final ModuleCallers moduleCallers;
  private final SessionEnds ends;

  /** Built by the facade's wiring. */
  public DefaultSessionService(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SecretHasher secrets,
      SecurityEvents events,
      AccessTokenVerifier accessTokenVerifier,
      LiveSessionCache liveSessions,
      RevocationFollower revocations,
      GatehouseObserver observer,
      Notices notices,
      SessionTokens sessionTokens) {
    this.sessionTokens = sessionTokens;
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.events = events;
    this.accessTokenVerifier = accessTokenVerifier;
    this.liveSessions = liveSessions;
    this.revocations = revocations;
    this.observer = observer;
    this.ends = new SessionEnds(liveSessions);
    this.starts = new SessionStart(config, clock, secrets, events, ends, notices, sessionTokens);
    // The one path of every sign-in ends in this service's session start: built here, with it.
    this.pipeline = new SignInPipeline(config, clock, store, events, this);
    this.rotation = new RefreshRotation(config, clock, store, events, ends, sessionTokens);
    this.moduleCallers = new ModuleCallers(config, pipeline, starts, sessionTokens);
  }

  /**
   * Takes the installed modules' header credentials, once the features they call are built; while
   * the facade is built.
   *
   * @param credentials every installed module's header credentials
   */
  public void moduleCredentials(List<HeaderCredential> credentials) {
    moduleCallers.install(credentials);
  }

  @Override
  public VerifiedAccessToken verifyModuleCredential(
      String header, String value, @Nullable ClientInfo client) {
    return moduleCallers.verify(header, value, client);
  }

  /** {@return the one place where sessions end, which every revoking flow goes through} */
  public SessionEnds ends() {
    return ends;
  }

  /** Tells {@code listener}, a module's hook ({@code SignInContext#hook}), of every end. */
  public void onSessionsEnded(SessionsEnded listener) {
    ends.listen(listener);
  }

  @Override
  public SignInResult signIn(
      StoreTransaction tx, UUID userPublicId, List<String> amr, ClientInfo client) {
    requireNonNull(userPublicId, "userPublicId");
    return starts.signIn(tx, userPublicId, null, amr, client, null);
  }

  @Override
  public SignInResult signIn(
      StoreTransaction tx, UserRecord user, List<String> amr, ClientInfo client) {
    requireNonNull(user, "user");
    return starts.signIn(tx, user.publicId(), user, amr, client, null);
  }

  @Override
  public SignInResult signIn(
      StoreTransaction tx, UserRecord user, CredentialCheck.Proven proven, ClientInfo client) {
    requireNonNull(user, "user");
    return starts.signIn(tx, user.publicId(), user, proven.amr(), client, proven.carriedOver());
  }

  @Override
  public SignInResult.SignedIn signedIn(
      StoreTransaction tx, UserRecord user, List<String> amr, ClientInfo client) {
    requireNonNull(user, "user");
    return starts.session(tx, user.publicId(), user, amr, client, null, null);
  }

  @Override
  public TokenPair start(
      StoreTransaction tx, UUID userPublicId, List<String> amr, ClientInfo client) {
    requireNonNull(userPublicId, "userPublicId");
    return starts.begin(tx, userPublicId, null, amr, client).tokens();
  }

  @Override
  public TokenPair start(
      StoreTransaction tx, UserRecord user, List<String> amr, ClientInfo client) {
    requireNonNull(user, "user");
    return starts.begin(tx, user.publicId(), user, amr, client).tokens();
  }

  @Override
  public int endSessions(StoreTransaction tx, UUID account, String reason) {
    return revokeAll(tx, account, reason);
  }

  @Override
  public int revokeAll(StoreTransaction tx, UUID userPublicId, String reason) {
    requireNonNull(tx, "tx");
    requireNonNull(userPublicId, "userPublicId");
    Instant now = clock.instant();
    int devices = tx.secondFactors().revokeRememberedDevices(userPublicId, null, now);
    if (devices > 0) {
      events.publish(
          tx, new AuthEvent.RememberedDevicesRevoked(now, userPublicId, devices, reason(reason)));
    }
    return ends.some(tx, userPublicId, RevokeFilter.all(), clock.instant(), reason(reason));
  }

  @Override
  public VerifiedAccessToken verifyAccessToken(String accessToken) {
    return accessTokenVerifier.verify(accessToken);
  }

  @Override
  public VerifiedAccessToken verifyLegacyBearer(String accessToken) {
    CarryOver legacy = sessionTokens.carried();
    Optional<VerifiedAccessToken> taken =
        legacy == null || accessToken == null ? Optional.empty() : legacy.bearer(accessToken);
    return taken.orElseThrow(
        () -> new InvalidTokenException(InvalidTokenException.Reason.LEGACY_REFUSED));
  }

  @Override
  public VerifiedAccessToken verifyLiveAccessToken(String accessToken) {
    return live(accessTokenVerifier.verify(accessToken));
  }

  /** {@code token} when its session is alive, read from the database or the live-session cache. */
  private VerifiedAccessToken live(VerifiedAccessToken token) {
    LiveSessionCache cache = liveSessions;
    Optional<Boolean> known = cache.lookup(token.sessionId(), token.userPublicId());
    boolean live;
    if (known.isPresent()) {
      live = known.get();
    } else {
      long stamp = cache.stamp();
      Instant now = clock.instant();
      live =
          store.inTransaction(
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

  @Override
  public VerifiedAccessToken verifyUnrevokedAccessToken(String accessToken) {
    if (!revocations.enabled()) {
      return verifyLiveAccessToken(accessToken);
    }
    VerifiedAccessToken token = accessTokenVerifier.verify(accessToken);
    Optional<Boolean> revoked = revocations.isRevoked(token.sessionId());
    if (revoked.isEmpty()) {
      return live(token); // too many revocations to remember: this one reads
    }
    if (revoked.get()) {
      throw new InvalidTokenException(InvalidTokenException.Reason.SESSION_ENDED);
    }
    return token;
  }

  @Override
  public TokenPair refresh(String refreshToken, @Nullable ClientInfo client) {
    return ObservedOperation.run(
        observer,
        ObservedOperation.REFRESH,
        java.util.Map.of(),
        r -> "success",
        () -> rotation.refresh(refreshToken, client));
  }

  /**
   * Takes the reader of a legacy system's tokens a module registered ({@code SignInContext#hook}).
   *
   * @param tokens the reader
   * @throws IllegalStateException when one is registered already
   */
  public void carryOver(CarryOver tokens) {
    sessionTokens.carryOver(tokens);
  }

  /**
   * Takes claims a module keeps in sessions ({@code SignInContext#hook}).
   *
   * @param claims the module's claims
   * @throws IllegalStateException when claims of that name are registered already
   */
  public void onSessionClaims(SessionClaims claims) {
    sessionTokens.moduleClaims().register(claims);
  }

  /**
   * See {@code ModuleSessions#switchSession}: in the module's transaction, the caller's live
   * session gets a new refresh token and keeps the module's claims, which its new access token
   * carries.
   *
   * @param tx the module's transaction
   * @param account the session's owner
   * @param sessionId the session ({@code sid} of the caller's access token)
   * @param owner the module's registered claims
   * @param claims the module's claims from now on, empty to drop them
   * @return the new pair
   * @throws NotFoundException {@code session_not_found} when the session is not the account's live
   *     one
   */
  @Override
  public TokenPair switchSession(
      StoreTransaction tx,
      UUID account,
      String sessionId,
      SessionClaims owner,
      Map<String, Object> claims) {
    Instant now = clock.instant();
    SessionStore sessions = tx.sessions();
    SessionState s =
        sessions
            .findSession(sessionId)
            .filter(x -> x.userPublicId().equals(account) && x.liveAt(now))
            .orElseThrow(() -> new NotFoundException(ErrorCode.SESSION_NOT_FOUND));
    Map<String, Object> held = sessionTokens.moduleClaims().switched(tx, s, owner, claims);
    String next = sessionTokens.replaceToken(sessions, s, now);
    if (next == null) {
      throw new NotFoundException(ErrorCode.SESSION_NOT_FOUND);
    }
    return sessionTokens.pair(
        tx, account, null, null, sessionId, s.amr(), s.profileId(), s.authTime(), next, held);
  }

  /**
   * See {@code }: in the module's transaction, the account's live session gets a new refresh token,
   * and the new pair's access token the claims modules keep in it.
   *
   * @param tx the module's transaction
   * @param account the session's owner
   * @param sessionId the session
   * @return the new pair, or empty when the session is not the account's live one
   */
  @Override
  public Optional<TokenPair> renewSession(StoreTransaction tx, UUID account, String sessionId) {
    Instant now = clock.instant();
    SessionState s =
        tx.sessions()
            .findSession(sessionId)
            .filter(x -> x.liveAt(now) && x.userPublicId().equals(account))
            .orElse(null);
    if (s == null) {
      return Optional.empty();
    }
    String next = sessionTokens.replaceToken(tx.sessions(), s, now);
    if (next == null) {
      return Optional.empty();
    }
    return Optional.of(
        sessionTokens.pair(
            tx,
            account,
            null,
            null,
            s.id(),
            s.amr(),
            s.profileId(),
            s.authTime(),
            next,
            sessionTokens.claimsHeld(tx, s)));
  }

  /**
   * See {@code ModuleSessions#startSessionFor}: a new session of {@code account}, started the way a
   * sign-in's is, keeping the module's claims from its start.
   *
   * @param tx the module's transaction
   * @param account the session's owner
   * @param amr how the session came to be
   * @param client the request, or {@code null}
   * @param lifetime its longest life
   * @param owner the module's registered claims
   * @param claims the module's claims, not empty
   * @return the session's first pair
   */
  @Override
  public TokenPair startSessionFor(
      StoreTransaction tx,
      UUID account,
      List<String> amr,
      @Nullable ClientInfo client,
      java.time.Duration lifetime,
      SessionClaims owner,
      Map<String, Object> claims) {
    ModuleClaims.StartClaims start = sessionTokens.moduleClaims().started(owner, claims);
    return starts.startFor(tx, account, amr, client, lifetime, start);
  }

  /** {@return the one path of every sign-in, which ends in this service's session start} */
  public SignInPipeline pipeline() {
    return pipeline;
  }

  @Override
  public TokenPair exchangeLegacyToken(String subjectToken, @Nullable ClientInfo client) {
    CarryOver legacy = sessionTokens.carried();
    if (legacy == null) {
      LOG.info("legacy token refused: no module reads legacy tokens (auth-legacy)");
      // A token nothing verifies names nobody the trail may trust.
      throw events.signInRefused(
          "token_exchange",
          null,
          new InvalidSubjectTokenException(),
          ClientInfo.originOf(config, client == null ? ClientInfo.web() : client));
    }
    return legacy.exchange(subjectToken, client);
  }

  /**
   * See {@code ModuleSessions#refreshSession}.
   *
   * @param tx the module's transaction
   * @param session the live session
   * @param refreshToken the refresh token handed back
   * @param client the request, or {@code null}
   * @return the pair, or empty when the session ended now
   */
  @Override
  public Optional<TokenPair> refreshSession(
      StoreTransaction tx, SessionState session, String refreshToken, @Nullable ClientInfo client) {
    return rotation.refreshSession(tx, session, refreshToken, client);
  }

  /**
   * See {@code ModuleSessions#endReusedSession}.
   *
   * @param tx the module's transaction
   * @param session the live session
   * @param client the request, or {@code null}
   */
  @Override
  public void endReusedSession(
      StoreTransaction tx, SessionState session, @Nullable ClientInfo client) {
    rotation.endReusedSession(tx, session, client);
  }

  @Override
  public TokenPair refreshWithoutRotation(String refreshToken, @Nullable ClientInfo client) {
    return rotation.refreshWithoutRotation(refreshToken, client);
  }

  @Override
  public boolean logout(UUID userPublicId, String sessionId) {
    requireNonNull(userPublicId, "userPublicId");
    if (sessionId == null) {
      return false;
    }
    return store.inTransaction(tx -> endSession(tx, userPublicId, sessionId, "logout"));
  }

  /**
   * Ends one session of the account in {@code tx}, as a logout does ({@code SessionRevoked} with
   * the reason): the logout's own path, and a module's ({@code ModuleSessions#endSession}).
   *
   * @param tx the transaction of the change that ends it
   * @param userPublicId the session's account
   * @param sessionId the session
   * @param reason why, kept with the revoked session
   * @return whether a live session was ended
   */
  @Override
  public boolean endSession(
      StoreTransaction tx, UUID userPublicId, String sessionId, String reason) {
    Instant now = clock.instant();
    boolean ended = ends.one(tx, userPublicId, sessionId, now, reason(reason));
    return ended(tx, ended ? 1 : 0, now, userPublicId, sessionId, reason(reason)) > 0;
  }

  @Override
  public boolean logoutWithRefreshToken(String refreshToken) {
    if (!sessionTokens.presentable(refreshToken)) {
      return false;
    }
    HeldRefreshTokens.Presented held;
    try {
      held = sessionTokens.presentedHeld(refreshToken);
    } catch (InvalidRefreshTokenException notOurs) {
      return false;
    }
    String hash = sessionTokens.hash(held == null ? refreshToken : held.secret());
    Instant now = clock.instant();
    Optional<SessionState> revoked =
        store.inTransaction(
            tx -> {
              SessionStore store = tx.sessions();
              Optional<SessionState> s =
                  held == null
                      ? store
                          .findRefreshToken(hash)
                          .flatMap(token -> store.findSession(token.sessionId()))
                      : HeldRefreshTokens.issuedBy(store, held, hash);
              if (s.isPresent()
                  && ends.one(tx, s.get().userPublicId(), s.get().id(), now, "logout")) {
                ended(tx, 1, now, s.get().userPublicId(), s.get().id(), "logout");
                return s;
              }
              return Optional.<SessionState>empty();
            });
    return revoked.isPresent();
  }

  @Override
  public int logoutAll(UUID userPublicId) {
    requireNonNull(userPublicId, "userPublicId");
    Instant now = clock.instant();
    int n =
        store.inTransaction(
            tx -> {
              int ended = ends.some(tx, userPublicId, RevokeFilter.all(), now, "logout_all");
              return ended(tx, ended, now, userPublicId, null, "logout_all");
            });
    return n;
  }

  @Override
  public List<SessionView> listSessions(UUID userPublicId, @Nullable String currentSessionId) {
    requireNonNull(userPublicId, "userPublicId");
    Instant now = clock.instant();
    return store.inTransaction(
        tx -> {
          List<SessionState> live = tx.sessions().liveSessionsOf(userPublicId, now);
          Map<Long, DeviceView> devices = new HashMap<>();
          if (live.stream().anyMatch(s -> s.deviceId() != null)) {
            for (DeviceRecord d : tx.devices().list(userPublicId)) {
              devices.put(d.id(), Views.device(d));
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
                    s.id().equals(currentSessionId),
                    ModuleClaims.actor(s)));
          }
          return List.copyOf(out);
        });
  }

  @Override
  public void revokeSession(UUID userPublicId, String sessionId) {
    requireNonNull(userPublicId, "userPublicId");
    Instant now = clock.instant();
    boolean revoked =
        sessionId != null
            && store.inTransaction(
                tx -> {
                  boolean ended = ends.one(tx, userPublicId, sessionId, now, "revoked");
                  return ended(tx, ended ? 1 : 0, now, userPublicId, sessionId, "revoked") > 0;
                });
    if (!revoked) {
      throw new NotFoundException(ErrorCode.SESSION_NOT_FOUND);
    }
  }

  @Override
  public int revokeOthers(UUID userPublicId, String currentSessionId) {
    requireNonNull(userPublicId, "userPublicId");
    requireNonNull(currentSessionId, "currentSessionId");
    Instant now = clock.instant();
    int n =
        store.inTransaction(
            tx -> {
              int ended =
                  ends.some(
                      tx, userPublicId, RevokeFilter.allBut(currentSessionId), now, "revoked");
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
      events.publish(tx, new AuthEvent.SessionRevoked(now, user, sessionId, reason));
    }
    return count;
  }

  @Override
  public int cleanup(Instant now) {
    requireNonNull(now, "now");
    int batch = config.get(GatehouseConfig.CLEANUP_BATCH_SIZE);
    int total =
        CountingTransactions.deleteInBatches(
            store, batch, tx -> tx.sessions().deleteDeadSessions(now, batch));
    if (total > 0) {
      LOG.info("session cleanup deleted {} sessions", total);
    }
    return total;
  }

  private static String reason(String reason) {
    if (reason == null || reason.isBlank()) {
      return "revoked";
    }
    return reason.length() <= 32 ? reason : reason.substring(0, 32);
  }
}
