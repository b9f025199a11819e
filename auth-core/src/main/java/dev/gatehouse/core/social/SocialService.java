package dev.gatehouse.core.social;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.SocialSettings;
import dev.gatehouse.core.error.ConfigurationException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.internal.ServiceAccess;
import dev.gatehouse.core.observe.ObservedOperation;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.store.DuplicateKeyException;
import dev.gatehouse.core.store.SocialAccountRecord;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Social sign-in: sign-up, sign-in, safe linking and unlinking of provider identities. Obtained
 * from {@code Gatehouse.social()}; thread-safe.
 *
 * <p><b>Browser flow.</b> {@link #begin} answers the provider's authorization URL with a sealed,
 * expiring {@code state} that carries the nonce and the PKCE verifier (nothing is written); {@link
 * #complete} opens the state, spends it once (a replay is refused on every instance), lets the
 * provider exchange the code and verify the id_token, then applies the account rules. <b>Mobile
 * flow.</b> {@link #signInWithNativeToken} verifies a token a native SDK obtained; each token signs
 * in once.
 *
 * <p><b>Account rules</b> ({@link #signIn}), in one transaction:
 *
 * <ol>
 *   <li>an identity already linked signs its owner in;
 *   <li>otherwise, when an account has the identity's email, the identity is linked to it only if
 *       the provider asserts the email as verified <em>and</em> the account's email is verified
 *       (and {@code gatehouse.social.link-by-email} is on); else the answer is {@link
 *       dev.gatehouse.core.session.SignInResult.LinkRequired}, and the user proves the account with
 *       a password or a code before {@link #linkPending};
 *   <li>otherwise an account is created when {@code gatehouse.social.signup-allowed}; it carries
 *       the email only when the provider verified it.
 * </ol>
 *
 * <p>Every sign-in starts its session through the one session-start path of the library ({@link
 * SessionStarter#start}) with {@code amr} {@code ["social", provider]}.
 */
public final class SocialService {
  private static final Logger LOG = LoggerFactory.getLogger(SocialService.class);

  private final GatehouseContext ctx;
  private final SignInPipeline pipeline;
  private final SocialRows rows;
  private final ProviderIdentities identities;
  private final AccountFactory factory;

  static {
    ServiceAccess.register(
        SocialService.class,
        (ctx, wiring) -> {
          List<?> parts = (List<?>) wiring;
          List<SocialProvider> list = new ArrayList<>();
          for (Object p : (List<?>) parts.get(1)) {
            list.add((SocialProvider) p);
          }
          return new SocialService(ctx, (SessionStarter) parts.get(0), list);
        });
  }

  SocialService(GatehouseContext ctx, SessionStarter sessions, List<SocialProvider> providers) {
    this.ctx = requireNonNull(ctx, "ctx");
    this.pipeline = new SignInPipeline(ctx, requireNonNull(sessions, "sessions"));
    this.rows = new SocialRows(ctx);
    this.identities = new ProviderIdentities(ctx, rows, providers);
    this.factory = AccountFactory.of(ctx.config());
  }

  /** {@return the ids of the registered providers} */
  public List<String> providers() {
    return identities.ids();
  }

  // ---- the browser flow --------------------------------------------------------------------

  /**
   * Starts a sign-in (or a link) at a provider. Writes nothing.
   *
   * @param providerId the provider's id
   * @param redirectUri the callback address registered at the provider
   * @return the authorization URL and the state
   * @throws SocialException {@code unknown_provider}
   */
  public SocialRedirect begin(String providerId, URI redirectUri) {
    return identities.redirect(providerId, redirectUri);
  }

  /**
   * Finishes a browser sign-in at the callback.
   *
   * @param providerId the provider's id (from the callback route)
   * @param state the callback's {@code state}
   * @param code the callback's {@code code}
   * @param parameters the callback's other parameters (Apple's {@code user}), or an empty map
   * @param client who is calling
   * @return a session, or "link required"
   * @throws SocialException {@code invalid_state}, {@code invalid_id_token}, {@code
   *     provider_refused} and the account rules' codes (see {@link #signIn})
   */
  public SignInResult complete(
      String providerId,
      String state,
      String code,
      Map<String, String> parameters,
      ClientInfo client) {
    return observed(
        providerId, () -> signIn(identities.exchange(providerId, state, code, parameters), client));
  }

  /**
   * Finishes a browser link at the callback, for a user who is signed in and started it with {@link
   * #begin}.
   *
   * @param userPublicId the signed-in user
   * @param providerId the provider's id
   * @param state the callback's {@code state}
   * @param code the callback's {@code code}
   * @param parameters the callback's other parameters
   * @param client who is calling
   * @return the linked identity
   * @throws SocialException as {@link #complete} and {@link #link}
   */
  public SocialAccountView completeLink(
      UUID userPublicId,
      String providerId,
      String state,
      String code,
      Map<String, String> parameters,
      ClientInfo client) {
    requireNonNull(userPublicId, "userPublicId");
    return link(userPublicId, identities.exchange(providerId, state, code, parameters), client);
  }

  /**
   * Signs in with a token a native SDK obtained (Sign in with Apple, Google Sign-In, Facebook Login
   * on a phone). Each token signs in at most once.
   *
   * @param providerId the provider's id
   * @param token the id_token (Facebook: the access token)
   * @param nonce the nonce the app bound into the token, or {@code null}
   * @param client who is calling
   * @return a session, or "link required"
   * @throws SocialException {@code invalid_id_token} (also for a token presented twice) and the
   *     account rules' codes
   */
  public SignInResult signInWithNativeToken(
      String providerId, String token, @Nullable String nonce, ClientInfo client) {
    return observed(
        providerId, () -> signIn(identities.nativeIdentity(providerId, token, nonce), client));
  }

  /** A social sign-in as one observed operation, tagged with the provider (a configured name). */
  private SignInResult observed(String providerId, java.util.function.Supplier<SignInResult> work) {
    String provider = identities.has(providerId) ? providerId : "unknown";
    return ObservedOperation.run(
        ctx.observer(),
        ObservedOperation.SIGN_IN,
        ObservedOperation.signInTags("social", false, provider),
        SignInPipeline::outcomeOf,
        work);
  }

  /**
   * Answers what {@link #signInWithNativeToken} would do with this token, without doing it: the
   * token is verified but not spent (the app signs in with it next), and nothing is written.
   *
   * @param providerId the provider's id
   * @param token the id_token (Facebook: the access token)
   * @param nonce the nonce the app bound into the token, or {@code null}
   * @return the outcome a sign-in would have now
   * @throws SocialException {@code unknown_provider}, {@code invalid_id_token}
   * @throws ConfigurationException {@code social_not_configured}
   */
  public SocialPrecheck precheck(String providerId, String token, @Nullable String nonce) {
    requireConfigured();
    VerifiedIdentity identity = identities.verifiedNative(providerId, token, nonce);
    String email = IdentityCheck.normalizedEmail(identity.email());
    return ctx.store()
        .inTransaction(
            tx -> {
              Optional<SocialAccountRecord> account =
                  tx.socialAccounts().find(identity.provider(), identity.subject());
              boolean linked = account.isPresent();
              Optional<UserRecord> local =
                  linked || email == null
                      ? Optional.empty()
                      : tx.users().findByEmail(EmailAddresses.canonical(email));
              // decide()'s rules: a linked identity signs in while its owner may; an account with
              // the email is linked when linkByEmailRefusal allows; otherwise one is created.
              boolean ownerActive =
                  account
                      .flatMap(a -> tx.users().findByPublicId(a.ownerPublicId()))
                      .filter(u -> u.active() && !u.deleted())
                      .isPresent();
              boolean link =
                  local.isPresent()
                      && IdentityCheck.linkByEmailRefusal(ctx.config(), identity, local.get())
                          == null;
              boolean create =
                  !linked
                      && local.isEmpty()
                      && ctx.config().get(SocialSettings.SOCIAL_SIGNUP_ALLOWED);
              return new SocialPrecheck(
                  identity.provider(),
                  identity.email(),
                  identity.emailVerified(),
                  linked,
                  link,
                  create,
                  (linked && ownerActive) || link || create);
            });
  }

  /**
   * Links the identity of a native SDK's token to the signed-in user.
   *
   * @param userPublicId the signed-in user
   * @param providerId the provider's id
   * @param token the id_token (Facebook: the access token)
   * @param nonce the nonce bound into the token, or {@code null}
   * @param client who is calling
   * @return the linked identity
   */
  public SocialAccountView linkWithNativeToken(
      UUID userPublicId,
      String providerId,
      String token,
      @Nullable String nonce,
      ClientInfo client) {
    requireNonNull(userPublicId, "userPublicId");
    return link(userPublicId, identities.nativeIdentity(providerId, token, nonce), client);
  }

  // ---- the account rules -------------------------------------------------------------------

  /**
   * Applies the account rules to an identity a provider verified (see the class description), in
   * one transaction; publishes {@code Registered}, {@code SocialLinked} and {@code LoggedIn}
   * (method {@code social:<provider>}) after commit.
   *
   * @param identity the verified identity
   * @param client who is calling
   * @return signed in, "link required", or (the account has a second factor) the second step, which
   *     {@code Gatehouse.secondFactors().completeLogin} completes
   * @throws SocialException {@code social_signup_disabled}, {@code account_disabled}
   * @throws ConfigurationException {@code social_not_configured}
   */
  public SignInResult signIn(VerifiedIdentity identity, ClientInfo client) {
    requireNonNull(identity, "identity");
    requireConfigured();
    ClientInfo who = client == null ? ClientInfo.web() : client;
    SignInResult result;
    try {
      result = pipeline.run(new IdentityCheck(ctx, factory, rows, identity, who), who);
    } catch (DuplicateKeyException e) {
      // A concurrent first sign-in of the same identity (or a registration of the same email)
      // committed first; decide again on what it wrote.
      result = pipeline.run(new IdentityCheck(ctx, factory, rows, identity, who), who);
    }
    if (result instanceof SignInResult.SignedIn in) {
      LOG.info("social sign-in with {} for user {}", identity.provider(), in.userId());
    }
    return result;
  }

  // ---- linking and unlinking while signed in -----------------------------------------------

  /**
   * Links a verified identity to a signed-in user.
   *
   * @param userPublicId the signed-in user
   * @param identity the verified identity
   * @param client who is calling
   * @return the linked identity
   * @throws SocialException {@code social_account_taken} when it is linked to another user, {@code
   *     provider_already_linked} when the user has another identity at that provider, {@code
   *     account_disabled}
   */
  public SocialAccountView link(UUID userPublicId, VerifiedIdentity identity, ClientInfo client) {
    requireNonNull(userPublicId, "userPublicId");
    requireNonNull(identity, "identity");
    requireConfigured();
    Instant now = ctx.clock().instant();
    SocialAccountRecord[] created = new SocialAccountRecord[1];
    SocialAccountRecord r;
    try {
      r = ctx.store().inTransaction(tx -> linkIn(tx, userPublicId, identity, now, created));
    } catch (DuplicateKeyException e) {
      r = ctx.store().inTransaction(tx -> linkIn(tx, userPublicId, identity, now, created));
    }
    if (created[0] != null) {
      ctx.events()
          .publish(
              new AuthEvent.SocialLinked(
                  now,
                  userPublicId,
                  identity.provider(),
                  ClientInfo.originOf(ctx.config(), client)));
    }
    return view(r);
  }

  private SocialAccountRecord linkIn(
      StoreTransaction tx,
      UUID userPublicId,
      VerifiedIdentity identity,
      Instant now,
      SocialAccountRecord[] created) {
    IdentityCheck.requireActive(tx, userPublicId);
    Optional<SocialAccountRecord> existing =
        tx.socialAccounts().find(identity.provider(), identity.subject());
    if (existing.isPresent()) {
      if (!existing.get().ownerPublicId().equals(userPublicId)) {
        throw new SocialException(
            ErrorCode.SOCIAL_ACCOUNT_TAKEN, "this identity is linked to another account");
      }
      SocialAccountRecord r = rows.refreshed(existing.get(), identity, now);
      tx.socialAccounts().update(r);
      return r;
    }
    boolean hasProvider =
        tx.socialAccounts().listFor(userPublicId).stream()
            .anyMatch(a -> a.provider().equals(identity.provider()));
    if (hasProvider) {
      throw new SocialException(
          ErrorCode.PROVIDER_ALREADY_LINKED,
          "the account already has an identity at " + identity.provider() + "; unlink it first");
    }
    created[0] = tx.socialAccounts().create(rows.newLink(userPublicId, identity, now));
    return created[0];
  }

  /**
   * Links the identity of a "link required" answer, once the user proved the account (signed in
   * with a password or a code).
   *
   * @param userPublicId the signed-in user
   * @param linkToken the {@link SignInResult.LinkRequired#linkToken()}
   * @param client who is calling
   * @return the linked identity
   * @throws SocialException {@code invalid_link_token} when it is altered, expired or was issued
   *     for another account; as {@link #link} otherwise
   */
  public SocialAccountView linkPending(UUID userPublicId, String linkToken, ClientInfo client) {
    requireNonNull(userPublicId, "userPublicId");
    List<String> f;
    try {
      f =
          linkToken == null || linkToken.length() > 4096
              ? null
              : rows.open(SocialRows.LINK, linkToken);
    } catch (GeneralSecurityException e) {
      f = null;
    }
    if (f == null
        || f.size() != 8
        || !userPublicId.toString().equals(f.get(0))
        || !ctx.clock().instant().isBefore(Instant.ofEpochSecond(Long.parseLong(f.get(1))))) {
      throw new SocialException(
          ErrorCode.INVALID_LINK_TOKEN,
          "the link token is invalid, expired or for another account");
    }
    VerifiedIdentity identity =
        new VerifiedIdentity(
            f.get(2),
            f.get(3),
            f.get(4).isEmpty() ? null : f.get(4),
            Boolean.parseBoolean(f.get(5)),
            f.get(6).isEmpty() ? null : f.get(6),
            f.get(7).isEmpty() ? null : f.get(7));
    return link(userPublicId, identity, client);
  }

  /**
   * Unlinks a user's identity at a provider, unless it is their last way to sign in (no password,
   * no other linked identity, and no email or phone to receive a code at).
   *
   * @param userPublicId the signed-in user
   * @param providerId the provider's id
   * @param client who is calling
   * @throws SocialException {@code social_account_not_found}, {@code last_sign_in_method}
   */
  public void unlink(UUID userPublicId, String providerId, ClientInfo client) {
    requireNonNull(userPublicId, "userPublicId");
    requireConfigured();
    Instant now = ctx.clock().instant();
    ctx.store()
        .inTransaction(
            tx -> {
              UserRecord u =
                  tx.users()
                      .findByPublicId(userPublicId)
                      .orElseThrow(SocialService::accountNotFound);
              List<SocialAccountRecord> all = tx.socialAccounts().listFor(userPublicId);
              if (all.stream().noneMatch(a -> a.provider().equals(providerId))) {
                throw accountNotFound();
              }
              boolean otherWay =
                  u.passwordHash() != null
                      || all.size() > 1
                      || u.email() != null
                      || u.phone() != null;
              if (!otherWay) {
                throw new SocialException(
                    ErrorCode.LAST_SIGN_IN_METHOD,
                    "this identity is the account's last way to sign in; set a password first");
              }
              return tx.socialAccounts().delete(userPublicId, providerId);
            });
    ctx.events()
        .publish(
            new AuthEvent.SocialUnlinked(
                now, userPublicId, providerId, ClientInfo.originOf(ctx.config(), client)));
  }

  /**
   * @param userPublicId the user
   * @return the user's linked identities, oldest first
   */
  public List<SocialAccountView> accounts(UUID userPublicId) {
    requireNonNull(userPublicId, "userPublicId");
    requireConfigured();
    return ctx.store()
        .inTransaction(
            tx ->
                tx.socialAccounts().listFor(userPublicId).stream()
                    .map(SocialService::view)
                    .toList());
  }

  /**
   * The provider tokens kept for a user's identity (only with {@code
   * gatehouse.social.store-provider-tokens}), opened.
   *
   * @param userPublicId the user
   * @param providerId the provider's id
   * @return access and refresh token (either may be {@code null}), if the identity is linked
   */
  public Optional<ProviderTokens> providerTokens(UUID userPublicId, String providerId) {
    requireNonNull(userPublicId, "userPublicId");
    requireConfigured();
    Optional<SocialAccountRecord> r =
        ctx.store()
            .inTransaction(
                tx ->
                    tx.socialAccounts().listFor(userPublicId).stream()
                        .filter(a -> a.provider().equals(providerId))
                        .findFirst());
    return r.map(
        a ->
            new ProviderTokens(
                rows.openToken(a.accessTokenSealed()), rows.openToken(a.refreshTokenSealed())));
  }

  /**
   * A provider's tokens as kept for an identity.
   *
   * @param accessToken the access token, or {@code null}
   * @param refreshToken the refresh token, or {@code null}
   */
  public record ProviderTokens(@Nullable String accessToken, @Nullable String refreshToken) {
    @Override
    public String toString() {
      return "ProviderTokens[redacted]";
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static SocialException accountNotFound() {
    return new SocialException(
        ErrorCode.SOCIAL_ACCOUNT_NOT_FOUND, "no identity of that provider is linked");
  }

  private void requireConfigured() {
    if (ctx.store().entities().socialAccount().isEmpty()) {
      throw new ConfigurationException(
          ErrorCode.SOCIAL_NOT_CONFIGURED,
          "social sign-in needs a social-account entity (EntityClasses.builder().socialAccount(...))",
          null);
    }
  }

  private static SocialAccountView view(SocialAccountRecord r) {
    return new SocialAccountView(
        r.provider(),
        r.email(),
        r.emailVerified(),
        r.displayName(),
        r.pictureUrl(),
        r.linkedAt(),
        r.lastUsedAt());
  }
}
