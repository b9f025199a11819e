package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.secret.Sealer;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.session.ModuleSignIns;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.SignInGuard;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.organizations.OrganizationService.ConfigurationChanged;
import dev.gatehouse.social.SocialCounters;
import dev.gatehouse.social.SocialProvider.AuthorizationRequest;
import dev.gatehouse.social.SocialProvider.CodeExchange;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import dev.gatehouse.social.SocialSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The organisations' domains and their own sign-in, over the sign-in context, the module's store
 * and the organisation service's permission check; and the guard that refuses every other way of
 * signing in for the domains of an organisation that requires its own. The guard answers from the
 * set of those domains held in memory, read again at most once per {@code refresh} (and at once on
 * this node after a change here), so a sign-in of an account outside them costs no statement.
 */
final class DefaultOrganizationSignIn implements OrganizationSignIn, SignInGuard {
  private static final String STATE = "organization-sso-state";
  private static final String SECRET = "organization-sso-secret";

  /** Why a session begun before its organisation required its own sign-in was ended. */
  static final String REQUIRED_REASON = "organization_sign_in_required";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SignInContext context;
  private final ModuleAudit auditTrail;
  private final SecretHasher keyedHashes;
  private final ModuleLimits limits;
  private final ModuleSignIns signIns;
  private final OrganizationStore store;
  private final DefaultOrganizationService orgs;
  private final DomainJoins joins;
  private final DomainVerifier verifier;
  private final Predicate<URI> issuers;
  private final SsoProtocol protocol;
  private final Duration refresh;
  private final SsoConnections connections;

  private record Required(Set<String> domains, Instant readAt) {}

  private volatile @Nullable Required required;

  DefaultOrganizationSignIn(
      SignInContext context,
      OrganizationStore store,
      DefaultOrganizationService orgs,
      DomainVerifier verifier,
      Predicate<URI> issuers,
      Duration refresh) {
    this.context = context;
    this.auditTrail = context.capability(ModuleAudit.class);
    this.keyedHashes = context.capability(SecretHasher.class);
    this.limits = this.context.capability(ModuleLimits.class);
    this.signIns = this.context.capability(ModuleSignIns.class);
    this.store = store;
    this.orgs = orgs;
    this.joins = new DomainJoins(context, store, orgs);
    this.verifier = verifier;
    this.issuers = issuers;
    this.refresh = refresh;
    this.protocol = new OidcSso(context.config(), context.clock());
    this.connections = new SsoConnections(context, store, orgs);
    context.hook(this);
    try {
      // Read once as the module is built, so that the first sign-ins do not pay for it; a
      // database whose tables are not there yet is read at the first sign-in instead.
      inTransaction(tx -> required(tx, now()));
    } catch (RuntimeException e) {
      required = null;
    }
  }

  private <T> T inTransaction(Function<StoreTransaction, T> work) {
    return context.store().inTransaction(work::apply);
  }

  private Instant now() {
    return context.clock().instant();
  }

  // ---- the guard -----------------------------------------------------------------------------

  @Override
  public @Nullable AuthException refusal(
      StoreTransaction tx, UserRecord account, String method, Instant now) {
    if (METHOD.equals(method) || account.email() == null) {
      return null;
    }
    String domain = DomainNames.domainOf(account.email());
    if (!required(tx, now).contains(domain)) {
      return null;
    }
    return new RejectedInputException(
        OrganizationErrors.ORGANIZATION_SIGN_IN_REQUIRED,
        "this address's organisation requires its own sign-in: start it with the address");
  }

  private Set<String> required(StoreTransaction tx, Instant now) {
    Required r = required;
    if (r == null || !now.isBefore(r.readAt().plus(refresh)) || now.isBefore(r.readAt())) {
      r = new Required(store.requiredDomains(tx), now);
      required = r;
    }
    return r.domains();
  }

  /** After a change of domains or connections committed here: the next sign-in reads again. */
  private <T> T changing(Function<StoreTransaction, T> work) {
    try {
      return inTransaction(work);
    } finally {
      required = null;
    }
  }

  // ---- domains -------------------------------------------------------------------------------

  @Override
  public OrganizationDomain addDomain(UUID caller, UUID organization, String domain) {
    String d = DomainNames.domain(domain);
    return changing(
        tx -> {
          orgs.permitted(tx, caller, organization, OrganizationRole.SIGN_IN_MANAGE);
          Optional<OrganizationDomain> claimed =
              store.domains(tx, organization).stream()
                  .filter(x -> x.domain().equals(d))
                  .findFirst();
          if (claimed.isPresent()) {
            return claimed.get();
          }
          OrganizationDomain added =
              new OrganizationDomain(
                  organization, d, "gatehouse-challenge=" + random(), now(), null, false);
          store.insertDomain(tx, added);
          orgs.configured(tx, caller, organization, ConfigurationChanged.DOMAIN_ADDED, d);
          return added;
        });
  }

  @Override
  public OrganizationDomain verifyDomain(UUID caller, UUID organization, String domain) {
    String d = DomainNames.domain(domain);
    OrganizationDomain claimed = inTransaction(tx -> claim(tx, caller, organization, d));
    if (claimed.verified()) {
      return claimed;
    }
    // The lookup goes out to the network: never inside a transaction.
    if (!verifier.holds(d, claimed.challenge())) {
      throw new RejectedInputException(
          OrganizationErrors.DOMAIN_NOT_VERIFIED,
          "the challenge was not found at " + claimed.recordName());
    }
    try {
      return changing(
          tx -> {
            OrganizationDomain now = claim(tx, caller, organization, d);
            if (!now.verified() && store.markVerified(tx, organization, d, now())) {
              orgs.configured(tx, caller, organization, ConfigurationChanged.DOMAIN_VERIFIED, d);
              return claim(tx, caller, organization, d);
            }
            return now;
          });
    } catch (DuplicateKeyException e) {
      throw new RejectedInputException(
          ErrorCode.DUPLICATE, "another organisation verified this domain");
    }
  }

  private OrganizationDomain claim(
      StoreTransaction tx, UUID caller, UUID organization, String domain) {
    orgs.permitted(tx, caller, organization, OrganizationRole.SIGN_IN_MANAGE);
    return store.domains(tx, organization).stream()
        .filter(x -> x.domain().equals(domain))
        .findFirst()
        .orElseThrow(
            () ->
                new RejectedInputException(
                    OrganizationErrors.DOMAIN_NOT_VERIFIED,
                    "the organisation has not claimed that domain"));
  }

  @Override
  public List<OrganizationDomain> domains(UUID caller, UUID organization) {
    return inTransaction(
        tx -> {
          orgs.permitted(tx, caller, organization, OrganizationRole.SIGN_IN_MANAGE);
          return store.domains(tx, organization);
        });
  }

  @Override
  public void removeDomain(UUID caller, UUID organization, String domain) {
    String d = DomainNames.domain(domain);
    changing(
        tx -> {
          orgs.permitted(tx, caller, organization, OrganizationRole.SIGN_IN_MANAGE);
          boolean removed = store.deleteDomain(tx, organization, d);
          if (removed) {
            orgs.configured(tx, caller, organization, ConfigurationChanged.DOMAIN_REMOVED, d);
          }
          return removed;
        });
  }

  // ---- joining by a verified domain ----------------------------------------------------------

  @Override
  public OrganizationDomain allowDomainJoin(
      UUID caller, UUID organization, String domain, boolean allowed) {
    String d = DomainNames.domain(domain);
    return inTransaction(
        tx -> {
          OrganizationDomain c = claim(tx, caller, organization, d);
          if (allowed && !c.verified()) {
            throw new RejectedInputException(
                OrganizationErrors.DOMAIN_NOT_VERIFIED,
                "only a verified domain lets accounts join");
          }
          store.setJoinAllowed(tx, organization, d, allowed);
          orgs.configured(
              tx,
              caller,
              organization,
              ConfigurationChanged.DOMAIN_JOIN_CHANGED,
              d + " join " + (allowed ? "allowed" : "refused"));
          return new OrganizationDomain(
              organization, d, c.challenge(), c.createdAt(), c.verifiedAt(), c.signIn(), allowed);
        });
  }

  @Override
  public Optional<Organization> joinable(UUID caller) {
    return joins.joinable(caller);
  }

  @Override
  public Membership joinByDomain(UUID caller, UUID organization) {
    return joins.joinByDomain(caller, organization);
  }

  // ---- the connection ------------------------------------------------------------------------

  @Override
  public SsoConnection configure(UUID caller, UUID organization, SsoSettings settings) {
    requireNonNull(settings, "settings");
    URI issuer = settings.issuer();
    if (!issuer.isAbsolute()
        || issuer.getHost() == null
        || issuer.getRawQuery() != null
        || issuer.getRawFragment() != null
        || issuer.getRawUserInfo() != null
        || !issuers.test(issuer)) {
      throw invalidSettings("the issuer is not an issuer URL this host accepts");
    }
    String clientId = settings.clientId().strip();
    String secret = settings.clientSecret();
    if (clientId.isEmpty()
        || clientId.length() > 255
        || secret.isEmpty()
        || secret.length() > 1000) {
      throw invalidSettings("the client id (1 to 255) or secret (1 to 1000 characters) is wrong");
    }
    if (settings.domains().isEmpty()) {
      throw invalidSettings("the provider answers for at least one domain");
    }
    Set<String> domains =
        settings.domains().stream()
            .map(DomainNames::domain)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    String sealed = sealer().sealFields(SECRET, organization.toString(), List.of(secret));
    return save(
        caller,
        organization,
        protocol.kind(),
        issuer,
        clientId,
        sealed,
        domains,
        settings.required());
  }

  /** Saves a connection of any protocol ({@link SsoConnections#save}); the guard reads again. */
  SsoConnection save(
      UUID caller,
      UUID organization,
      String kind,
      URI issuer,
      String clientId,
      String sealedSecret,
      Set<String> domains,
      boolean required) {
    return changing(
        tx ->
            connections.save(
                tx, caller, organization, kind, issuer, clientId, sealedSecret, domains, required));
  }

  @Override
  public Optional<SsoConnection> connection(UUID caller, UUID organization) {
    return inTransaction(
        tx -> {
          orgs.permitted(tx, caller, organization, OrganizationRole.SIGN_IN_MANAGE);
          return store.connection(tx, organization);
        });
  }

  @Override
  public void removeConnection(UUID caller, UUID organization) {
    changing(
        tx -> {
          orgs.permitted(tx, caller, organization, OrganizationRole.SIGN_IN_MANAGE);
          boolean removed = store.deleteConnection(tx, organization);
          if (removed) {
            orgs.configured(tx, caller, organization, ConfigurationChanged.PROVIDER_REMOVED, null);
          }
          return removed;
        });
  }

  // ---- the sign-in ---------------------------------------------------------------------------

  @Override
  public Redirect start(String email, URI redirectUri, @Nullable ClientInfo client) {
    requireNonNull(redirectUri, "redirectUri");
    String address = EmailAddresses.normalize(requireNonNull(email, "email"));
    String domain = DomainNames.domainOf(address);
    SsoConnection c =
        inTransaction(
                tx ->
                    store
                        .verifiedDomain(tx, domain)
                        .filter(OrganizationDomain::signIn)
                        .flatMap(d -> store.connection(tx, d.organization())))
            .filter(this::ours)
            .orElseThrow(OrganizationSignIn::noSignIn);
    admitStart(c.organization(), client);
    String nonce = random();
    String verifier = random() + random();
    Instant expires = now().plus(context.config().get(SocialSettings.SOCIAL_STATE_TTL));
    String state =
        sealer()
            .sealFields(
                STATE,
                "",
                List.of(
                    c.organization().toString(),
                    redirectUri.toString(),
                    nonce,
                    verifier,
                    Long.toString(expires.getEpochSecond()),
                    random()));
    URI uri =
        protocol.authorizationUri(
            c, secret(c), new AuthorizationRequest(redirectUri, state, nonce, challenge(verifier)));
    return new Redirect(uri, state, c.organization());
  }

  /**
   * Counts a start, in Gatehouse's own transaction (a host rollback gives none back), against the
   * client network's hourly limit and the organisation's, like every other sign-in that anyone may
   * begin: each start may make the server call the organisation's provider.
   *
   * @throws RateLimitedException {@code rate_limited} over either, kept in the audit trail
   */
  void admitStart(UUID organization, @Nullable ClientInfo client) {
    Instant now = now();
    String ip = client == null ? null : client.ipAddress();
    GatehouseConfig config = context.config();
    Counters perOrganization = OrganizationCounters.ORGANIZATION_SIGN_IN;
    Optional<Duration> over =
        limits.counting(
            List.of(perOrganization.key(organization.toString())),
            now,
            tx -> {
              Optional<Duration> network =
                  limits.countNetwork(
                      tx, OrganizationCounters.NETWORK_ORGANIZATION_SIGN_IN, ip, now);
              if (network.isPresent() || !config.get(ThrottleSettings.THROTTLE_ENABLED)) {
                return network;
              }
              return perOrganization.count(config, tx, now, organization.toString());
            });
    if (over.isPresent()) {
      throw auditTrail.refused(
          METHOD,
          null,
          new RateLimitedException(
              ErrorCode.RATE_LIMITED,
              "too many sign-ins started with this organisation or from this network; try again"
                  + " later",
              over.get()),
          client);
    }
  }

  @Override
  public SignInResult complete(String state, String code, ClientInfo client) {
    ClientInfo who = client == null ? ClientInfo.web() : client;
    UUID organization;
    VerifiedIdentity identity;
    try {
      List<@Nullable String> f = openState(state);
      organization = UUID.fromString(f.get(0));
      if (code == null || code.isEmpty() || code.length() > 4096) {
        throw new RejectedInputException(
            ErrorCode.PROVIDER_REFUSED, "the callback carries no authorization code");
      }
      // Spent before the exchange: a state works once, even when the exchange then fails.
      Instant now = now();
      Duration window = context.config().get(SocialSettings.SOCIAL_STATE_TTL).multipliedBy(2);
      String spent = keyedHashes.hash(STATE, f.get(5));
      if (inTransaction(tx -> limits.spendOnce(tx, SocialCounters.SOCIAL_STATE, window, now, spent))
          .isPresent()) {
        throw invalidState();
      }
      SsoConnection c =
          inTransaction(tx -> store.connection(tx, organization))
              .filter(this::ours)
              .orElseThrow(OrganizationSignIn::noSignIn);
      identity =
          protocol.exchange(
              c,
              secret(c),
              new CodeExchange(code, f.get(3), URI.create(f.get(1)), f.get(2), Map.of()));
    } catch (RejectedInputException e) {
      // The provider's refusals (auth-social's SocialException) included.
      throw auditTrail.refused(METHOD, null, e, who);
    }
    return signIn(organization, identity, who);
  }

  /** Signs in the identity the organisation's provider proved, through the one pipeline. */
  SignInResult signIn(UUID organization, VerifiedIdentity identity, ClientInfo who) {
    try {
      return signIns.signIn(new SsoCheck(context, store, orgs, organization, identity, who), who);
    } catch (DuplicateKeyException e) {
      // A concurrent first sign-in of the same address committed first: decide again on it.
      return signIns.signIn(new SsoCheck(context, store, orgs, organization, identity, who), who);
    }
  }

  /** Whether a connection is OpenID Connect's: another module's protocol answers for its own. */
  private boolean ours(SsoConnection c) {
    return c.kind().equals(protocol.kind());
  }

  private List<@Nullable String> openState(@Nullable String state) {
    if (state == null || state.isEmpty() || state.length() > 2048) {
      throw invalidState();
    }
    List<@Nullable String> f;
    try {
      f = sealer().openFields(STATE, "", state);
    } catch (Sealer.Unopenable e) {
      throw invalidState();
    }
    if (f.size() != 6 || f.contains(null)) {
      throw invalidState();
    }
    if (!now().isBefore(Instant.ofEpochSecond(Long.parseLong(f.get(4))))) {
      throw invalidState();
    }
    return f;
  }

  private String secret(SsoConnection c) {
    try {
      return sealer().openFields(SECRET, c.organization().toString(), c.sealedSecret()).get(0);
    } catch (Sealer.Unopenable e) {
      throw new AuthException.ConfigurationException(
          "the organisation's client secret cannot be opened with the configured secrets");
    }
  }

  private Sealer sealer() {
    return context.capability(Sealer.class);
  }

  private static RejectedInputException invalidState() {
    return new RejectedInputException(
        ErrorCode.INVALID_STATE, "the sign-in state is invalid, expired or used");
  }

  private static RejectedInputException invalidSettings(String why) {
    return new RejectedInputException(ErrorCode.INVALID_SETTINGS, why);
  }

  private static String random() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String challenge(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
