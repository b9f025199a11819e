package dev.gatehouse.social;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.secret.Sealer;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleMail;
import dev.gatehouse.core.session.ModuleSignIns;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.SocialAccountStore.SocialAccountRecord;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SocialService} {@link SocialSignIn} adds, built from the sign-in SPI's context alone.
 */
final class DefaultSocialService implements SocialService {
  private static final Logger LOG = LoggerFactory.getLogger(SocialService.class);

  private final SignInContext context;
  private final ModuleAudit auditTrail;
  private final ModuleAccounts accountCapability;
  private final ModuleMail mail;
  private final ModuleSignIns signIns;
  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final SocialRows rows;
  private final ProviderIdentities identities;
  private final SessionHandOffs handOffs;

  /**
   * @throws ConfigurationException when providers are given but the store keeps no social accounts,
   *     or a provider id is malformed or taken twice
   */
  DefaultSocialService(SignInContext context, List<SocialProvider> providers) {
    this.context = context;
    this.auditTrail = context.capability(ModuleAudit.class);
    this.accountCapability = context.capability(ModuleAccounts.class);
    this.mail = this.context.capability(ModuleMail.class);
    this.signIns = this.context.capability(ModuleSignIns.class);
    this.config = context.config();
    this.clock = context.clock();
    this.store = context.store();
    if (!providers.isEmpty() && !store.keepsSocialAccounts()) {
      throw new ConfigurationException(
          "social providers are registered but the entities have no social account: declare an"
              + " @Entity subclass of AbstractSocialAccount (EntityClasses.builder().socialAccount(...))");
    }
    ProviderAddresses addresses = ProviderAddresses.of(config);
    providers.forEach(p -> ProviderHttp.addresses(p, addresses));
    this.rows = new SocialRows(config, context.capability(Sealer.class));
    this.identities = new ProviderIdentities(context, rows, providers);
    this.handOffs = new SessionHandOffs(context);
  }

  @Override
  public String handOff(TokenPair signedIn, String codeChallenge) {
    return handOffs.handOff(requireNonNull(signedIn, "signedIn"), codeChallenge);
  }

  @Override
  public TokenPair redeemHandOff(String code, String codeVerifier) {
    return handOffs.redeem(code, codeVerifier);
  }

  @Override
  public List<String> providers() {
    return identities.ids();
  }

  @Override
  public SocialRedirect begin(String providerId, URI redirectUri) {
    return identities.redirect(providerId, redirectUri);
  }

  @Override
  public SignInResult complete(
      String providerId,
      String state,
      String code,
      Map<String, String> parameters,
      ClientInfo client) {
    return signIn(
        identity(
            providerId, client, () -> identities.exchange(providerId, state, code, parameters)),
        client);
  }

  @Override
  public SocialAccountView completeLink(
      VerifiedAccessToken caller,
      Reauthentication proof,
      String providerId,
      String state,
      String code,
      Map<String, String> parameters,
      ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    return link(caller, proof, identities.exchange(providerId, state, code, parameters), client);
  }

  @Override
  public SignInResult signInWithNativeToken(
      String providerId, String token, @Nullable String nonce, ClientInfo client) {
    return signIn(
        identity(providerId, client, () -> identities.nativeIdentity(providerId, token, nonce)),
        client);
  }

  /**
   * The provider's identity for a sign-in; a refusal (an unknown provider, a bad state, a refused
   * token) is kept in the audit trail under the provider's configured name, before anyone is named.
   */
  private VerifiedIdentity identity(
      String providerId, @Nullable ClientInfo client, Supplier<VerifiedIdentity> work) {
    try {
      return work.get();
    } catch (SocialException e) {
      String provider = identities.has(providerId) ? providerId : "unknown";
      throw auditTrail.refused(
          "social:" + provider, null, e, client == null ? ClientInfo.web() : client);
    }
  }

  @Override
  public SocialPrecheck precheck(String providerId, String token, @Nullable String nonce) {
    requireConfigured();
    VerifiedIdentity identity = identities.verifiedNative(providerId, token, nonce);
    String email = IdentityCheck.normalizedEmail(identity.email());
    return store.inTransaction(
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
                  && IdentityCheck.linkByEmailRefusal(config, identity, local.get()) == null;
          boolean create =
              !linked && local.isEmpty() && config.get(SocialSettings.SOCIAL_SIGNUP_ALLOWED);
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

  @Override
  public SocialAccountView linkWithNativeToken(
      VerifiedAccessToken caller,
      Reauthentication proof,
      String providerId,
      String token,
      @Nullable String nonce,
      ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    return link(caller, proof, identities.nativeIdentity(providerId, token, nonce), client);
  }

  @Override
  public SignInResult signIn(VerifiedIdentity identity, ClientInfo client) {
    requireNonNull(identity, "identity");
    requireConfigured();
    ClientInfo who = client == null ? ClientInfo.web() : client;
    SignInResult result;
    try {
      result = signIns.signIn(new IdentityCheck(context, rows, identity, who), who);
    } catch (DuplicateKeyException e) {
      // A concurrent first sign-in of the same identity (or a registration of the same email)
      // committed first; decide again on what it wrote.
      result = signIns.signIn(new IdentityCheck(context, rows, identity, who), who);
    }
    if (result instanceof SignInResult.SignedIn in) {
      LOG.info("social sign-in with {} for user {}", identity.provider(), in.userId());
    }
    return result;
  }

  @Override
  public SocialAccountView link(
      VerifiedAccessToken caller,
      Reauthentication proof,
      VerifiedIdentity identity,
      ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    requireNonNull(identity, "identity");
    requireConfigured();
    Instant now = clock.instant();
    UUID userPublicId = caller.userPublicId();
    SocialAccountRecord r;
    try {
      // A linked identity signs the account in: a credential, changed as every other one is, with
      // a recent sign-in or a proof, never by someone acting for the account (SignInContext's
      // reauthenticated refuses an impersonation's token), and noticed to the account.
      r =
          accountCapability.reauthenticated(
              caller, proof, client, (tx, u) -> linkIn(tx, u.publicId(), identity, now, client));
    } catch (DuplicateKeyException e) {
      // The proof was given in this request already (a code is spent); decide again on what the
      // concurrent link wrote.
      r = store.inTransaction(tx -> linkIn(tx, userPublicId, identity, now, client));
    }
    return view(r);
  }

  private SocialAccountRecord linkIn(
      StoreTransaction tx,
      UUID userPublicId,
      VerifiedIdentity identity,
      Instant now,
      @Nullable ClientInfo client) {
    UserRecord owner = IdentityCheck.requireActive(tx, userPublicId);
    Optional<SocialAccountRecord> existing =
        tx.socialAccounts().find(identity.provider(), identity.subject());
    if (existing.isPresent()) {
      if (!existing.get().ownerPublicId().equals(userPublicId)) {
        throw new SocialException(
            SocialErrors.SOCIAL_ACCOUNT_TAKEN, "this identity is linked to another account");
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
          SocialErrors.PROVIDER_ALREADY_LINKED,
          "the account already has an identity at " + identity.provider() + "; unlink it first");
    }
    SocialAccountRecord created =
        tx.socialAccounts().create(rows.newLink(userPublicId, identity, now));
    mail.sendNotice(tx, owner, SocialSignIn.SOCIAL_LINKED.name());
    auditTrail.publish(
        tx,
        new SocialService.SocialLinked(
            now, userPublicId, identity.provider(), ClientInfo.originOf(config, client)));
    return created;
  }

  @Override
  public SocialAccountView linkPending(
      VerifiedAccessToken caller, Reauthentication proof, String linkToken, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    UUID userPublicId = caller.userPublicId();
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
        || !clock.instant().isBefore(Instant.ofEpochSecond(Long.parseLong(f.get(1))))) {
      throw new SocialException(
          SocialErrors.INVALID_LINK_TOKEN,
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
    return link(caller, proof, identity, client);
  }

  @Override
  public void unlink(VerifiedAccessToken caller, String providerId, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireConfigured();
    // A linked identity is a credential: removed by its owner, never by someone acting for them.
    UUID userPublicId = accountCapability.owner(caller).publicId();
    Instant now = clock.instant();
    store.inTransaction(
        tx -> {
          UserRecord u =
              tx.users()
                  .findByPublicId(userPublicId)
                  .orElseThrow(DefaultSocialService::accountNotFound);
          List<SocialAccountRecord> all = tx.socialAccounts().listFor(userPublicId);
          if (all.stream().noneMatch(a -> a.provider().equals(providerId))) {
            throw accountNotFound();
          }
          boolean otherWay =
              u.passwordHash() != null || all.size() > 1 || u.email() != null || u.phone() != null;
          if (!otherWay) {
            throw new SocialException(
                SocialErrors.LAST_SIGN_IN_METHOD,
                "this identity is the account's last way to sign in; set a password first");
          }
          boolean deleted = tx.socialAccounts().delete(userPublicId, providerId);
          auditTrail.publish(
              tx,
              new SocialService.SocialUnlinked(
                  now, userPublicId, providerId, ClientInfo.originOf(config, client)));
          return deleted;
        });
  }

  @Override
  public List<SocialAccountView> accounts(UUID userPublicId) {
    requireNonNull(userPublicId, "userPublicId");
    requireConfigured();
    return store.inTransaction(
        tx ->
            tx.socialAccounts().listFor(userPublicId).stream()
                .map(DefaultSocialService::view)
                .toList());
  }

  @Override
  public Optional<ProviderTokens> providerTokens(UUID userPublicId, String providerId) {
    requireNonNull(userPublicId, "userPublicId");
    requireConfigured();
    Optional<SocialAccountRecord> r =
        store.inTransaction(
            tx ->
                tx.socialAccounts().listFor(userPublicId).stream()
                    .filter(a -> a.provider().equals(providerId))
                    .findFirst());
    return r.map(
        a ->
            new ProviderTokens(
                rows.openToken(a.accessTokenSealed()), rows.openToken(a.refreshTokenSealed())));
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static SocialException accountNotFound() {
    return new SocialException(
        SocialErrors.SOCIAL_ACCOUNT_NOT_FOUND, "no identity of that provider is linked");
  }

  private void requireConfigured() {
    if (!store.keepsSocialAccounts()) {
      throw new ConfigurationException(
          SocialErrors.SOCIAL_NOT_CONFIGURED,
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
