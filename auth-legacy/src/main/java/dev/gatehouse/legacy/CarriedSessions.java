package dev.gatehouse.legacy;

import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.session.CarryOver;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleSessions;
import dev.gatehouse.core.session.ModuleSignIns;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.InvalidSubjectTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.CarriedOverAccessToken;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy side of the core's doors ({@link CarryOver}): a legacy token read by {@link
 * LegacyTokens} signs in through the one pipeline ({@link CarriedSignIn}): a session of the account
 * its user became ({@code amr} the legacy kind, its {@code auth_time} the legacy sign-in's when the
 * token tells it), the token recorded with that session until it expires, {@link
 * AuthEvent.LoggedIn} with the legacy kind as its method. Presented again:
 *
 * <ul>
 *   <li>at a rotating refresh route or the exchange, it is reuse, as for a Gatehouse token: its
 *       session ends and {@link AuthEvent.TokenReuseDetected} is published (the client was given
 *       the session's own refresh token the first time);
 *   <li>at a refresh route that does not rotate (simplejwt's default, whose clients keep their
 *       refresh token), it refreshes the session it started, until it expires or the window closes.
 * </ul>
 *
 * <p>Thread-safe.
 */
final class CarriedSessions implements CarryOver {
  /** The session service's logger: hosts alert on its reuse warning, wherever the code lives. */
  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

  /** The method a refused legacy-token exchange's audit entry names. */
  private static final String EXCHANGE_METHOD = "token_exchange";

  private final SignInContext context;
  private final ModuleAudit auditTrail;
  private final ModuleAccounts accountCapability;
  private final ModuleSessions moduleSessions;
  private final ModuleSignIns signIns;
  private final LegacyTokens tokens;
  private final @Nullable LegacyAccountResolver accounts;

  CarriedSessions(SignInContext context, LegacyTokens tokens) {
    this.context = context;
    this.auditTrail = context.capability(ModuleAudit.class);
    this.accountCapability = context.capability(ModuleAccounts.class);
    this.moduleSessions = context.capability(ModuleSessions.class);
    this.signIns = this.context.capability(ModuleSignIns.class);
    this.tokens = tokens;
    this.accounts = accountCapability.legacyAccounts().orElse(null);
  }

  @Override
  public boolean claimsRefresh(String presented) {
    return tokens.claimsRefresh(presented);
  }

  @Override
  public boolean issuedRefresh(String presented) {
    return tokens.issuedRefresh(presented);
  }

  @Override
  public Optional<String> issueRefresh(UUID account, Instant expiresAt, Instant now) {
    return tokens.issueRefresh(
        () -> accounts == null ? Optional.empty() : accounts.legacyUserIdOf(account),
        expiresAt,
        now);
  }

  @Override
  public Optional<String> rotatedRefresh(String previous, Instant now) {
    return tokens.rotatedRefresh(previous, now);
  }

  @Override
  public TokenPair refresh(String presented, @Nullable ClientInfo client, boolean rotating) {
    Instant now = now();
    LegacyToken token = tokens.refresh(presented, now);
    UUID account = accountOf(token).orElseThrow(InvalidRefreshTokenException::new);
    if (!rotating) {
      // Empty when it was never carried over; a rejected pair when its session is gone.
      Optional<Optional<TokenPair>> refreshed =
          context
              .store()
              .inTransaction(
                  tx ->
                      tx.actionTokens()
                          .findUsable(token.purpose(), token.hash(), now)
                          .map(
                              seen ->
                                  Optional.ofNullable(seen.binding())
                                      .flatMap(sid -> tx.sessions().findSession(sid))
                                      .filter(s -> s.liveAt(now))
                                      .flatMap(
                                          s ->
                                              moduleSessions.refreshSession(
                                                  tx, s, presented, client))));
      if (refreshed.isPresent()) {
        return refreshed.get().orElseThrow(InvalidRefreshTokenException::new);
      }
    }
    try {
      return signIn(
          new CarriedSignIn(
              token, account, "refresh", InvalidRefreshTokenException::new, replayed(client)),
          client);
    } catch (DuplicateKeyException e) {
      // Two first presentations of one token at once: the other one carried it over.
      throw new InvalidRefreshTokenException();
    }
  }

  @Override
  public TokenPair exchange(String presented, @Nullable ClientInfo client) {
    LegacyToken token;
    UUID account;
    try {
      token = tokens.exchange(presented, now());
      account = accountOf(token).orElseThrow(InvalidSubjectTokenException::new);
    } catch (InvalidSubjectTokenException e) {
      // A token that does not verify names nobody the trail may trust.
      throw auditTrail.refused(EXCHANGE_METHOD, null, e, orWeb(client));
    }
    try {
      // Presented again it is reuse: the session it produced ends.
      return signIn(
          new CarriedSignIn(
              token, account, EXCHANGE_METHOD, InvalidSubjectTokenException::new, replayed(client)),
          client);
    } catch (DuplicateKeyException e) {
      throw auditTrail.refused(
          EXCHANGE_METHOD, account, new InvalidSubjectTokenException(), orWeb(client));
    }
  }

  @Override
  public Optional<VerifiedAccessToken> bearer(String presented) {
    Instant now = now();
    Optional<LegacyToken> token = tokens.bearer(presented, now);
    Optional<UUID> account = token.flatMap(this::accountOf);
    if (account.isEmpty()) {
      return Optional.empty();
    }
    // The account must exist and may sign in; its default profile is the one a carried-over
    // session would start on, so profile-bound routes read it as they read a session's.
    Optional<Optional<Long>> profile =
        context
            .store()
            .inTransaction(
                tx ->
                    tx.users()
                        .findByPublicId(account.get())
                        .filter(u -> u.active() && !u.deleted())
                        .map(u -> tx.profiles().findDefault(account.get()).map(ProfileRecord::id)));
    LegacyToken t = token.get();
    if (profile.isEmpty()) {
      LOG.info("legacy {} bearer refused: its account may not sign in", t.method());
      return Optional.empty();
    }
    // The keyed hash stands for the token: a stable jti and sid that never reveal it.
    String name = t.hash().length() > 32 ? t.hash().substring(0, 32) : t.hash();
    return Optional.of(
        CarriedOverAccessToken.of(
            account.get(),
            "legacy-" + name,
            t.method(),
            t.signedInAt() == null ? now : t.signedInAt(),
            t.expiresAt(),
            name,
            t.signedInAt(),
            context.config().get(TokenSettings.PROFILE_CLAIM),
            profile.get().map(String::valueOf).orElse(null)));
  }

  private TokenPair signIn(CarriedSignIn check, @Nullable ClientInfo client) {
    return ((SignInResult.SignedIn) signIns.signIn(check, client)).tokens();
  }

  /** Ends the session a legacy token presented again produced: reuse, as for a rotated token. */
  private BiConsumer<StoreTransaction, SessionState> replayed(@Nullable ClientInfo client) {
    return (tx, session) -> {
      moduleSessions.endReusedSession(tx, session, client);
      LOG.warn(
          "legacy token reuse detected: session {} of user {} revoked",
          session.id(),
          session.userPublicId());
    };
  }

  /** The account a legacy token's user became, through the host's resolver. */
  private Optional<UUID> accountOf(LegacyToken token) {
    Optional<UUID> account =
        accounts == null ? Optional.empty() : accounts.accountOf(token.legacyUserId());
    if (account.isEmpty()) {
      LOG.info(
          "legacy {} token refused: its user has no account here (not imported)", token.method());
    }
    return account;
  }

  private Instant now() {
    return context.clock().instant();
  }

  private static ClientInfo orWeb(@Nullable ClientInfo client) {
    return client == null ? ClientInfo.web() : client;
  }
}
