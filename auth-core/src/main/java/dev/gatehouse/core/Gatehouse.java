package dev.gatehouse.core;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.audit.AuditTrail;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SetupAdvice;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent.AuthEventListener;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.GatehouseStatus;
import dev.gatehouse.core.otp.OtpService;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.session.DeviceService;
import dev.gatehouse.core.session.ProfileService;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.token.AccessTokenCustomizer;
import dev.gatehouse.core.token.SigningKeys;
import dev.gatehouse.email.EmailRenderer;
import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailTemplates;
import dev.gatehouse.sms.SmsSender;
import dev.gatehouse.sms.SmsTemplates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one entry point of the library: every flow (registration, login, codes, tokens, sessions,
 * devices, profiles) is reached from here. Build one per application and share it; it is immutable
 * and thread-safe.
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder(GatehouseConfig.fromEnvironment(System.getenv()), store)
 *     .smsSender(new TwilioSmsSender(twilio))
 *     .emailSender(new SmtpEmailSender(smtp))
 *     .listener(event -> log.info("auth event {}", event))
 *     .build();
 * }</pre>
 *
 * <p>In production mode {@link Builder#build()} refuses development senders, missing signing keys
 * and a missing secret key. In development mode it fills them in (printing senders, an ephemeral
 * key, a per-process secret key) with a warning.
 */
public final class Gatehouse implements AutoCloseable {
  private final GatehouseWiring wiring;

  private Gatehouse(GatehouseWiring wiring) {
    this.wiring = wiring;
  }

  /**
   * @param config the configuration
   * @param store the persistence (e.g. {@code new JpaAuthStore(emf, entities)})
   * @return a builder
   */
  public static Builder builder(GatehouseConfig config, AuthStore store) {
    return new Builder(config, store);
  }

  /**
   * {@return the account service: registration, password login, confirmation, password change and
   * reset, account changes}
   */
  public AccountService accounts() {
    return wiring.accounts;
  }

  /**
   * {@return the one-time-code service: codes by SMS or email, and passwordless login and sign-up}
   */
  public OtpService otp() {
    return wiring.otp;
  }

  /**
   * {@return the session service: access-token verification, refresh, logout and the session list}
   */
  public SessionService sessions() {
    return wiring.sessions;
  }

  /** {@return the profile service: a user's profiles and the current-profile switch} */
  public ProfileService profiles() {
    return wiring.profiles;
  }

  /**
   * {@return the audit trail: the security events kept in {@code gh_audit_event}, an account's
   * history and the retention cleanup}
   */
  public AuditTrail audit() {
    return wiring.audit;
  }

  /** {@return the device service: listing and removing a user's devices} */
  public DeviceService devices() {
    return wiring.devices;
  }

  /**
   * {@return the service a module added with {@link Builder#feature}: {@code
   * feature(MagicLinkService.class)} with {@code auth-magic-link} installed}
   *
   * @param type the service's type, as the module registered it
   * @param <T> the service's type
   * @throws ConfigurationException when no installed module provides it, naming the type
   */
  public <T> T feature(Class<T> type) {
    return findFeature(type)
        .orElseThrow(
            () ->
                new ConfigurationException(
                    "no installed module provides " + type.getName() + "; add and install it"));
  }

  /**
   * {@return the service a feature module added with {@link Builder#feature}, or empty when none of
   * the installed modules provides it}
   *
   * @param type the service's type, as the module registered it
   * @param <T> the service's type
   */
  public <T> Optional<T> findFeature(Class<T> type) {
    return Optional.ofNullable(wiring.features.get(requireNonNull(type, "type"))).map(type::cast);
  }

  /**
   * {@return the manifests of the installed modules, in the order they were installed}: what each
   * declared it brings
   */
  public List<ModuleManifest> modules() {
    return wiring.manifests;
  }

  /**
   * {@return the one catalogue of error codes: the core's, then the installed modules' (as their
   * manifests declare them), each wire form once}
   */
  public List<ErrorCode> errorCodes() {
    return wiring.errorCodes;
  }

  /**
   * {@return the one counter catalogue: the core's counters ({@link Counters#core()}) and every
   * installed module's, as {@link Builder#build()} assembled them; unmodifiable}
   */
  public List<Counters> counters() {
    return wiring.counters;
  }

  /**
   * {@return every installed module's contribution of one type, in the order the modules were
   * installed}: the web module asks for the modules' routes this way
   *
   * @param type the contribution's type
   * @param <T> the type
   */
  public <T> List<T> contributions(Class<T> type) {
    requireNonNull(type, "type");
    return wiring.manifests.stream().flatMap(m -> m.contributions(type).stream()).toList();
  }

  /** {@return the configuration this instance runs with} */
  public GatehouseConfig config() {
    return wiring.config;
  }

  /**
   * {@return the public signing keys as a JWKS document, for other services that verify our tokens}
   */
  public String publicJwks() {
    return wiring.signingKeys.publicJwks();
  }

  /**
   * Signs a JWT other than Gatehouse's own access tokens (an OpenID provider's ID and access
   * tokens) with the current key of the key ring whose public half {@link #publicJwks()} serves;
   * see {@link SigningKeys#signJwt(Map, String)}, which refuses the type of Gatehouse's own access
   * tokens.
   *
   * @param claims the claims: strings, numbers ({@code Long}, {@code Integer}), booleans, and lists
   *     and maps of them (times as epoch seconds)
   * @param type the header's {@code typ}, such as {@code JWT}; never {@code at+jwt}
   * @return the compact JWS
   * @throws IllegalArgumentException when {@code type} is {@code at+jwt} or a claim has another
   *     type
   */
  public String signJwt(Map<String, Object> claims, String type) {
    return wiring.signingKeys.signJwt(claims, type);
  }

  /**
   * Sends every email and SMS that is due now on the calling thread, besides the delivery workers.
   * Useful in a worker process built with {@link Builder#dispatchDeliveries(boolean)
   * dispatchDeliveries(false)} on the web nodes, or in a scheduled job.
   *
   * @return how many messages were settled or rescheduled
   */
  public int deliverPending() {
    return wiring.dispatcher.drain();
  }

  /**
   * Stops the delivery workers and the poller. Messages not yet sent stay in the outbox and go out
   * when an instance runs again.
   */
  @Override
  public void close() {
    wiring.dispatcher.close();
  }

  /**
   * The password hashing this instance runs with (the one from {@link Builder#passwordHashing} or
   * the one built from the configuration; with observers, a view of it that shares its permits and
   * counter and reports to them). Thread-safe. Hosts and tools use it to hash a password the way
   * Gatehouse verifies it (an admin setting a password, a fixture seeding users), or to read its
   * counters.
   *
   * <pre>{@code
   * String hash = gatehouse.passwordHashing().hash(PasswordPolicy.normalize(password));
   * }</pre>
   *
   * @return the password hashing, never {@code null}
   */
  public PasswordHashing passwordHashing() {
    return wiring.passwords;
  }

  /**
   * What a health check reports: signs and verifies a throwaway access token with the current
   * signing key (no user, no session, never handed out), names the providers (without calling them)
   * and reads the outbox backlog (two aggregate queries in a transaction of their own), and says
   * whether an untrusted local proxy was seen ({@link #forwardedHeaderFrom}). Carries no key
   * material, address or message text. Thread-safe.
   *
   * @return the status now
   * @throws RuntimeException from the store when the database cannot be read
   */
  public GatehouseStatus status() {
    return wiring.status();
  }

  /**
   * For a host's HTTP layer: notes a request that reached it still carrying {@code X-Forwarded-For}
   * or {@code Forwarded}. From a loopback or private-network peer, that is a proxy the host does
   * not trust: logged once (a WARN naming the setting, no address) and reported by {@link
   * #status()} ({@link GatehouseStatus#untrustedProxy()}). Thread-safe.
   *
   * @param peer the request's remote address as the HTTP layer has it, or {@code null}
   */
  public void forwardedHeaderFrom(@Nullable String peer) {
    wiring.untrustedForwarding.forwardedHeaderFrom(peer);
  }

  /**
   * Collects providers and listeners, then checks the whole set. Not thread-safe.
   *
   * <p>Each setter of one value may be called once: a second call throws {@link
   * IllegalStateException} naming the setting, so that a part of the host (a configuration class, a
   * test fixture, a Spring customizer) never silently replaces what another part set. The adders
   * ({@link #listener}, {@link #observer}) may be called any number of times. A feature module
   * ({@link #install}) sets its parts through the same setters, once per module name.
   */
  public static final class Builder {

    final GatehouseConfig config;
    final AuthStore store;
    final List<AuthEventListener> listeners = new ArrayList<>();
    final List<GatehouseObserver> observers = new ArrayList<>();
    // Null until their setter ran; each setter runs once.
    @Nullable SmsSender smsSender;
    @Nullable EmailSender emailSender;
    @Nullable SigningKeys signingKeys;
    @Nullable SmsTemplates smsTemplates;
    @Nullable EmailTemplates emailTemplates;
    @Nullable PasswordHashing passwordHashing;
    @Nullable LegacyAccountResolver legacyAccounts;
    @Nullable Executor deliveryExecutor;
    @Nullable Boolean dispatchDeliveries;
    @Nullable AccessTokenCustomizer accessTokenCustomizer;
    @Nullable EmailRenderer emailRenderer;
    @Nullable AuthStore staleReads;
    SetupAdvice setupAdvice = SetupAdvice.builderCalls();
    final Set<String> modules = new LinkedHashSet<>();
    final List<ModuleManifest> manifests = new ArrayList<>();
    final Map<Class<?>, Function<SignInContext, ?>> features = new LinkedHashMap<>();
    // The module each feature came from (none: the host's own), and the one installing now.
    final Map<Class<?>, String> featureModules = new HashMap<>();
    @Nullable String installing;

    private Builder(GatehouseConfig config, AuthStore store) {
      this.config = requireNonNull(config, "config");
      this.store = requireNonNull(store, "store");
    }

    /**
     * @param sender the SMS provider (or a failover chain from {@code SmsSenders.failover})
     * @return this builder
     * @throws IllegalStateException when it was already set
     */
    public Builder smsSender(SmsSender sender) {
      this.smsSender = once(this.smsSender, sender, "smsSender");
      return this;
    }

    /**
     * @param sender the email provider (or a failover chain)
     * @return this builder
     * @throws IllegalStateException when it was already set
     */
    public Builder emailSender(EmailSender sender) {
      this.emailSender = once(this.emailSender, sender, "emailSender");
      return this;
    }

    /**
     * @param keys the access-token signing keys (e.g. {@code SigningKeys.fromEnvironment(env)})
     * @return this builder
     * @throws IllegalStateException when it was already set
     */
    public Builder signingKeys(SigningKeys keys) {
      this.signingKeys = once(this.signingKeys, keys, "signingKeys");
      return this;
    }

    /**
     * @param templates SMS texts per purpose and locale
     * @return this builder
     * @throws IllegalStateException when it was already set
     */
    public Builder smsTemplates(SmsTemplates templates) {
      this.smsTemplates = once(this.smsTemplates, templates, "smsTemplates");
      return this;
    }

    /**
     * @param templates email texts per purpose and locale
     * @return this builder
     * @throws IllegalStateException when it was already set
     */
    public Builder emailTemplates(EmailTemplates templates) {
      this.emailTemplates = once(this.emailTemplates, templates, "emailTemplates");
      return this;
    }

    /**
     * Replaces the password hashing built from the configuration (for example to add a host's own
     * legacy format with {@code PasswordHashing.builder().addFormat(...)}).
     *
     * @param hashing the password hashing
     * @return this builder
     * @throws IllegalStateException when it was already set
     */
    public Builder passwordHashing(PasswordHashing hashing) {
      this.passwordHashing = once(this.passwordHashing, hashing, "passwordHashing");
      return this;
    }

    /**
     * Tells which account a user of the legacy system became, so that the sessions of that system
     * can be carried over during the transition window (djangorestframework-simplejwt's refresh
     * tokens, {@code gatehouse.legacy.simplejwt.*}); required when that is configured. The
     * importer's mapping is one: {@code GatehouseImports.legacyAccounts(emf, sourceName)}.
     *
     * @param resolver the legacy user's account
     * @return this builder
     * @throws IllegalStateException when one is already registered
     */
    public Builder legacyAccounts(LegacyAccountResolver resolver) {
      this.legacyAccounts = once(this.legacyAccounts, resolver, "legacyAccounts");
      return this;
    }

    /**
     * Where deliveries from the outbox run. The default is a pool of {@code
     * gatehouse.delivery.workers} daemon threads. {@code Runnable::run} sends on the thread that
     * committed, after the commit: deterministic for tests, but that thread then waits for the
     * provider, so never use it where a request commits.
     *
     * @param executor runs delivery drains
     * @return this builder
     * @throws IllegalStateException when it was already set
     */
    public Builder deliveryExecutor(Executor executor) {
      this.deliveryExecutor = once(this.deliveryExecutor, executor, "deliveryExecutor");
      return this;
    }

    /**
     * Whether this instance sends the messages its flows record (default {@code true}). With {@code
     * false} messages wait in the outbox for an instance that does, or for {@link
     * Gatehouse#deliverPending()}.
     *
     * @param dispatch whether to run delivery workers and the outbox poller here
     * @return this builder
     * @throws IllegalStateException when it was already set
     */
    public Builder dispatchDeliveries(boolean dispatch) {
      this.dispatchDeliveries = once(this.dispatchDeliveries, dispatch, "dispatchDeliveries");
      return this;
    }

    /**
     * Renders Gatehouse's emails with a host's template engine instead of the {@link
     * EmailTemplates} (which a renderer may still fall back to for purposes it has no template
     * for).
     *
     * @param renderer the renderer
     * @return this builder
     * @throws NullPointerException when {@code renderer} is null
     * @throws IllegalStateException when it was already set
     */
    public Builder emailRenderer(EmailRenderer renderer) {
      this.emailRenderer = once(this.emailRenderer, renderer, "emailRenderer");
      return this;
    }

    /**
     * Adds a host's claims (roles, tenant, ...) to every access token issued.
     *
     * @param customizer called once per token, inside the issuing flow's transaction
     * @return this builder
     * @throws NullPointerException when {@code customizer} is null
     * @throws IllegalStateException when it was already set
     */
    public Builder accessTokenCustomizer(AccessTokenCustomizer customizer) {
      this.accessTokenCustomizer =
          once(this.accessTokenCustomizer, customizer, "accessTokenCustomizer");
      return this;
    }

    /**
     * Routes the reads that may be stale to a second store, typically one over a streaming replica
     * of the database (a second {@code JpaAuthStore} on the replica's pool): this instance's
     * periodic look at the revocation feed ({@code gatehouse.token.revocation-follow}) and the
     * counts of modules' statistics (the admin module's). Nothing that decides a credential reads
     * it: sign-in, refresh, one-time codes, links, lockout counters and every write stay on {@link
     * Gatehouse#builder}'s store, and so does the look that follows a revocation made through this
     * instance. Without it, those reads go to the main store too. The host keeps the store's
     * lifetime (Gatehouse does not close it). docs/OPERATIONS.md, "PostgreSQL primary and streaming
     * replica", says what it may lag by.
     *
     * @param replica the store for stale reads; it is only read
     * @return this builder
     * @throws NullPointerException when {@code replica} is null
     * @throws IllegalStateException when it was already set
     */
    public Builder staleReads(AuthStore replica) {
      this.staleReads = once(this.staleReads, replica, "staleReads");
      return this;
    }

    /**
     * Adds an observer of what events do not show: password hashing time and permit wait, delivery
     * attempts, one-time codes sent (see {@link GatehouseObserver}). Several may be added; each is
     * called in order, and one that throws is logged and skipped. The observer also sees the
     * hashing given to {@link #passwordHashing(PasswordHashing)}.
     *
     * @param observer the observer; must be thread-safe and quick
     * @return this builder
     * @throws NullPointerException when {@code observer} is null
     */
    public Builder observer(GatehouseObserver observer) {
      observers.add(requireNonNull(observer, "observer"));
      return this;
    }

    /**
     * How {@link #build()}'s refusals word the fix for a missing part: {@link
     * SetupAdvice#builderCalls()} unless set (the Spring Boot starter names its properties and
     * beans instead).
     *
     * @param advice the advice
     * @return this builder
     * @throws NullPointerException when {@code advice} is null
     */
    public Builder setupAdvice(SetupAdvice advice) {
      this.setupAdvice = requireNonNull(advice, "advice");
      return this;
    }

    /**
     * Installs a feature that lives in a module of its own: the module gives this builder, through
     * its setters, what it provides ({@code new WebAuthn4jPasskeys()} from {@code auth-passkeys}
     * adds its {@link #feature}). The Spring Boot starter installs every module on the class path;
     * without Spring, this call is how a module comes in. Modules may be installed in any order:
     * {@link #build()} builds a module's features after those of the modules its manifest {@link
     * ModuleManifest#requires() requires}, and refuses a set that lacks one of them.
     *
     * @param module the module
     * @return this builder
     * @throws IllegalStateException when a module of that name was installed already, or the module
     *     sets a part that was already set
     */
    public Builder install(GatehouseModule module) {
      requireNonNull(module, "module");
      if (!modules.add(module.name())) {
        throw new IllegalStateException(
            "the module " + module.name() + " was already installed on this builder");
      }
      ModuleManifest manifest = requireNonNull(module.manifest(), "manifest");
      if (!manifest.module().equals(module.name())) {
        throw new IllegalStateException(
            "the module " + module.name() + " answers the manifest of " + manifest.module());
      }
      manifests.add(manifest);
      installing = module.name();
      try {
        module.installInto(this);
      } finally {
        installing = null;
      }
      return this;
    }

    /**
     * Adds a service built on the sign-in SPI once the core is wired, as {@code auth-magic-link}
     * adds {@code MagicLinkService}: the factory runs once, in {@link #build()}, with the {@link
     * SignInContext} the core's own methods share; {@link Gatehouse#feature} answers the service.
     *
     * @param type the service's type, the key it is found by
     * @param factory builds the service
     * @param <T> the service's type
     * @return this builder
     * @throws IllegalStateException when a service of that type was added already
     */
    public <T> Builder feature(Class<T> type, Function<SignInContext, ? extends T> factory) {
      requireNonNull(type, "type");
      requireNonNull(factory, "factory");
      if (features.putIfAbsent(type, factory) != null) {
        throw new IllegalStateException(
            "a feature of type " + type.getName() + " was already added to this builder");
      }
      if (installing != null) {
        featureModules.put(type, installing);
      }
      return this;
    }

    /**
     * @param listener receives every auth event
     * @return this builder
     */
    public Builder listener(AuthEventListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /** The value of a setter that may be called once; refuses a second call. */
    private static <T> T once(@Nullable T current, T value, String setting) {
      requireNonNull(value, setting);
      if (current != null) {
        throw new IllegalStateException(
            setting
                + " was already set on this builder; set it once (a builder setter never"
                + " replaces a value)");
      }
      return value;
    }

    /**
     * Checks the set and builds the facade.
     *
     * @return the facade
     * @throws ConfigurationException when a production requirement is not met, or a module requires
     *     one that is not installed (naming both) or modules require each other in a circle
     */
    public Gatehouse build() {
      BuilderChecks.check(this);
      return new Gatehouse(new GatehouseWiring(this));
    }
  }
}
