package dev.gatehouse.core;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.internal.AccountAdmin;
import dev.gatehouse.core.account.internal.AccountCodes;
import dev.gatehouse.core.account.internal.ContactChange;
import dev.gatehouse.core.account.internal.Credentials;
import dev.gatehouse.core.account.internal.DefaultAccountService;
import dev.gatehouse.core.account.internal.LoginThrottle;
import dev.gatehouse.core.account.internal.PasswordLogin;
import dev.gatehouse.core.account.internal.RecentAuth;
import dev.gatehouse.core.account.internal.Recovery;
import dev.gatehouse.core.account.internal.Registration;
import dev.gatehouse.core.audit.AuditTrail;
import dev.gatehouse.core.audit.internal.DefaultAuditTrail;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.config.SetupAdvice;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.internal.AccountChanges;
import dev.gatehouse.core.internal.DeferredRequests;
import dev.gatehouse.core.internal.DeliveryDispatcher;
import dev.gatehouse.core.internal.EventBus;
import dev.gatehouse.core.internal.LinkMailer;
import dev.gatehouse.core.internal.LiveSessionCache;
import dev.gatehouse.core.internal.ModuleChannels;
import dev.gatehouse.core.internal.Notices;
import dev.gatehouse.core.internal.Outbox;
import dev.gatehouse.core.internal.PayloadSeal;
import dev.gatehouse.core.internal.RevocationFollower;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.internal.UntrustedForwarding;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.module.ModuleCredential;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.GatehouseStatus;
import dev.gatehouse.core.otp.OtpService;
import dev.gatehouse.core.otp.internal.DefaultOtpService;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.core.password.PasswordHashingOptions.FirebaseScryptParameters;
import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import dev.gatehouse.core.password.PasswordPolicy;
import dev.gatehouse.core.password.PasswordPolicy.PasswordPolicyOptions;
import dev.gatehouse.core.secret.Sealer;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.DeviceService;
import dev.gatehouse.core.session.ProfileService;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.internal.DefaultDeviceService;
import dev.gatehouse.core.session.internal.DefaultProfileService;
import dev.gatehouse.core.session.internal.DefaultSessionService;
import dev.gatehouse.core.session.internal.HeaderCredential;
import dev.gatehouse.core.session.internal.ModuleClaims;
import dev.gatehouse.core.session.internal.SessionTokens;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.session.internal.UserIntegers;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.OutboxStore;
import dev.gatehouse.core.token.AccessTokenCustomizer;
import dev.gatehouse.core.token.AccessTokenIssuer;
import dev.gatehouse.core.token.AccessTokenIssuer.AccessTokenRequest;
import dev.gatehouse.core.token.AccessTokenSettings;
import dev.gatehouse.core.token.AccessTokenVerifier;
import dev.gatehouse.core.token.SigningKeys;
import dev.gatehouse.core.token.SigningKeys.SigningAlgorithm;
import dev.gatehouse.core.token.TokenKey;
import dev.gatehouse.email.EmailRenderer;
import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailTemplates;
import dev.gatehouse.sms.SmsSender;
import dev.gatehouse.sms.SmsTemplates;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the library is put together: the defaults for what the host left out
 * (development senders and keys outside production), the hashing, policies and token settings the
 * configuration describes, the outbox and its dispatcher, and every service, each given through its
 * constructor only what it uses. The builder checks the set first; this class only assembles it.
 */
final class GatehouseWiring {
  private static final Logger LOG = LoggerFactory.getLogger(Gatehouse.class);

  // What the facade itself reads.
  final GatehouseConfig config;
  final AuthStore store;
  final SigningKeys signingKeys;
  final AccessTokenIssuer accessTokenIssuer;
  final AccessTokenVerifier accessTokenVerifier;
  final PasswordHashing passwords;
  final SmsSender smsSender;
  final EmailSender emailSender;
  final DeliveryDispatcher dispatcher;
  final UntrustedForwarding untrustedForwarding = new UntrustedForwarding();

  // The services it hands out.
  final SessionService sessions;
  final ProfileService profiles;
  final DeviceService devices;
  final AuditTrail audit;
  final AccountService accounts;
  final OtpService otp;
  final Map<Class<?>, Object> features;
  final List<ModuleManifest> manifests;
  final List<ErrorCode> errorCodes;
  final List<Counters> counters;

  /** Builds every part from a builder whose set was checked. */
  GatehouseWiring(Gatehouse.Builder b) {
    GatehouseConfig config = b.config;
    this.manifests = List.copyOf(b.manifests);
    this.errorCodes = ModuleManifest.errorCatalogue(manifests);
    this.counters = CounterCatalogue.assemble(manifests);
    TemplateCatalogue.check(manifests);
    Clock clock = config.clock();
    AuthStore store = b.store;
    if (store instanceof Counters.Routing routing) {
      routing.catalogue(counters);
    }
    AuthStore staleReads = b.staleReads != null ? b.staleReads : store;
    boolean production = config.production();
    String secretKey = config.get(GatehouseConfig.SECRET_KEY);
    if (secretKey == null) {
      // Production without a key already failed in GatehouseConfig.build().
      LOG.warn(
          "development mode: no gatehouse.secret-key set, using a per-process key; codes and tokens die with the process");
      secretKey = SecretHasher.randomKey();
    }
    SmsSender sms = b.smsSender != null ? b.smsSender : SmsSender.logging();
    EmailSender email = b.emailSender != null ? b.emailSender : EmailSender.logging();
    if (production && sms.developmentOnly()) {
      throw new ConfigurationException(
          "production mode refuses the development SMS sender "
              + sms.providerName()
              + "; "
              + b.setupAdvice.fix(SetupAdvice.Part.SMS_SENDER));
    }
    if (production && email.developmentOnly()) {
      throw new ConfigurationException(
          "production mode refuses the development email sender "
              + email.providerName()
              + "; "
              + b.setupAdvice.fix(SetupAdvice.Part.EMAIL_SENDER));
    }
    SigningKeys keys = b.signingKeys;
    if (keys == null) {
      if (production) {
        throw new ConfigurationException(
            "production mode requires configured signing keys: "
                + b.setupAdvice.fix(SetupAdvice.Part.SIGNING_KEYS));
      }
      keys = SigningKeys.ephemeral(SigningAlgorithm.ES256);
    }
    AccessTokenSettings tokenSettings =
        AccessTokenSettings.of(
                config.get(TokenSettings.TOKEN_ISSUER), config.get(TokenSettings.TOKEN_AUDIENCE))
            .withAccessTokenTtl(config.get(TokenSettings.ACCESS_TOKEN_TTL))
            .withMaxClockSkew(config.get(TokenSettings.CLOCK_SKEW))
            .withProfileClaim(config.get(TokenSettings.PROFILE_CLAIM))
            .withClientId(config.get(TokenSettings.TOKEN_CLIENT_ID))
            .withSimplejwtClaims(config.get(TokenSettings.TOKEN_SIMPLEJWT_CLAIMS));
    GatehouseObserver observer =
        PathTaggingObserver.of(GatehouseObserver.allOf(b.observers), store);
    PasswordHashing passwords =
        (b.passwordHashing != null ? b.passwordHashing : configuredHashing(config))
            .observedBy(observer);
    PasswordPolicy passwordPolicy =
        new PasswordPolicy(
            PasswordPolicyOptions.builder()
                .minLength(config.get(PasswordSettings.PASSWORD_MIN_LENGTH))
                .maxLength(config.get(PasswordSettings.PASSWORD_MAX_LENGTH))
                .appName(config.get(GatehouseConfig.APP_NAME))
                .build());
    PhoneNumbers phones = PhoneNumbers.of(config);
    String app = config.get(GatehouseConfig.APP_NAME);
    SecretHasher secrets = new SecretHasher(secretKey);
    Sealer sealer = Sealer.of(secretKey, config.get(GatehouseConfig.PREVIOUS_SECRET_KEYS));
    PayloadSeal seal = new PayloadSeal(sealer);
    DeferredRequests deferred = new DeferredRequests();
    ModuleChannels channels = new ModuleChannels();
    DeliveryDispatcher dispatcher =
        new DeliveryDispatcher(
            store,
            seal,
            sms,
            email,
            config,
            b.deliveryExecutor,
            b.dispatchDeliveries == null || b.dispatchDeliveries,
            observer,
            deferred,
            channels);
    Outbox outbox = new Outbox(seal, dispatcher::wake);
    EmailTemplates emailTemplates =
        TemplateCatalogue.email(
            b.emailTemplates != null
                ? b.emailTemplates
                : EmailTemplates.builder().appName(app).build(),
            manifests);
    SecurityEvents events =
        new SecurityEvents(new EventBus(b.listeners, store::afterCommit), store, config, clock);
    SmsTemplates smsTemplates =
        TemplateCatalogue.sms(
            b.smsTemplates != null ? b.smsTemplates : SmsTemplates.builder().appName(app).build(),
            manifests);
    AccessTokenIssuer accessTokenIssuer = new AccessTokenIssuer(keys, tokenSettings, clock);
    AccessTokenVerifier accessTokenVerifier = new AccessTokenVerifier(keys, tokenSettings, clock);
    LegacyAccountResolver legacyAccounts = b.legacyAccounts;
    AccessTokenCustomizer accessTokenCustomizer =
        b.accessTokenCustomizer != null ? b.accessTokenCustomizer : AccessTokenCustomizer.none();
    EmailRenderer emailRenderer =
        b.emailRenderer == null || b.emailRenderer == b.emailTemplates
            ? emailTemplates
            : TemplateCatalogue.modulesBehind(
                withAppName(b.emailRenderer, app), emailTemplates, manifests);
    RevocationFollower revocations =
        new RevocationFollower(
            config.get(TokenSettings.REVOCATION_FOLLOW),
            config.get(TokenSettings.ACCESS_TOKEN_TTL),
            config.get(TokenSettings.CLOCK_SKEW),
            clock,
            store,
            staleReads);
    LiveSessionCache liveSessions =
        new LiveSessionCache(config.get(TokenSettings.LIVE_CHECK_CACHE), clock, revocations);
    AccountChanges accountChanges = new AccountChanges();

    this.config = config;
    this.store = store;
    this.signingKeys = keys;
    this.accessTokenIssuer = accessTokenIssuer;
    this.accessTokenVerifier = accessTokenVerifier;
    this.passwords = passwords;
    this.smsSender = sms;
    this.emailSender = email;
    this.dispatcher = dispatcher;

    // Shared by several flows; each built once.
    Notices notices =
        new Notices(config, clock, smsTemplates, emailTemplates, outbox, emailRenderer);
    LinkMailer mailer =
        new LinkMailer(config, clock, secrets, emailTemplates, outbox, emailRenderer);
    AccountFactory factory = AccountFactory.of(config);

    // Sessions, and the one path every sign-in takes into one.
    UserIntegers userIntegers = new UserIntegers(config, legacyAccounts);
    SessionTokens sessionTokens =
        new SessionTokens(
            config,
            secrets,
            accessTokenIssuer,
            accessTokenCustomizer,
            userIntegers,
            new ModuleClaims(config));
    DefaultSessionService sessions =
        new DefaultSessionService(
            config,
            clock,
            store,
            secrets,
            events,
            accessTokenVerifier,
            liveSessions,
            revocations,
            observer,
            notices,
            sessionTokens);
    SignInPipeline pipeline = sessions.pipeline();
    this.sessions = sessions;
    this.profiles =
        new DefaultProfileService(
            config, clock, store, sessionTokens, userIntegers, accountChanges);
    this.devices = new DefaultDeviceService(clock, store, events, sessions.ends());
    this.audit = new DefaultAuditTrail(config, clock, store);

    // Accounts: what password login, recent authentication and the second factors share.
    LoginThrottle throttle = new LoginThrottle(config, store, secrets);
    Credentials credentials =
        new Credentials(config, store, passwords, phones, events, notices, throttle, sessions);
    AccountCodes codes = new AccountCodes(config, store, secrets, notices);
    RecentAuth recentAuth = new RecentAuth(config, clock, store, credentials, codes);
    Recovery recovery =
        new Recovery(
            config,
            clock,
            store,
            secrets,
            passwords,
            passwordPolicy,
            events,
            outbox,
            accountChanges,
            deferred,
            credentials,
            mailer);
    AccountAdmin accountAdmin =
        new AccountAdmin(
            config,
            clock,
            store,
            passwords,
            passwordPolicy,
            phones,
            events,
            accountChanges,
            sessions,
            credentials,
            factory,
            recentAuth,
            new ContactChange(
                config, clock, store, phones, events, accountChanges, notices, recentAuth, codes));
    this.accounts =
        new DefaultAccountService(
            new Registration(
                config,
                clock,
                store,
                secrets,
                passwords,
                passwordPolicy,
                phones,
                events,
                accountChanges,
                factory,
                recovery,
                mailer),
            new PasswordLogin(
                config, clock, store, passwords, events, pipeline, throttle, credentials),
            recovery,
            accountAdmin,
            observer);

    // The other ways in.
    this.otp =
        new DefaultOtpService(
            config,
            clock,
            store,
            secrets,
            phones,
            events,
            sms,
            email,
            smsTemplates,
            emailTemplates,
            outbox,
            emailRenderer,
            observer,
            accountChanges,
            deferred,
            pipeline);

    // The modules' methods, on the sign-in SPI: the same parts, through one context, which answers
    // the features built before the one asking (a module installed after another uses its service).
    Map<Class<?>, Object> built = new LinkedHashMap<>();
    ModuleContext context =
        new ModuleContext(
            config,
            store,
            staleReads,
            secrets,
            sealer,
            factory,
            pipeline,
            observer,
            events,
            outbox,
            deferred,
            mailer,
            accountChanges,
            channels,
            recentAuth,
            throttle,
            notices,
            sessions,
            credentials,
            accountAdmin,
            legacyAccounts,
            b.setupAdvice,
            built,
            b.featureModules);
    try {
      // Each module's features after those of the modules it requires, then the host's own.
      List<String> order = BuilderChecks.moduleOrder(b);
      List<Class<?>> types = new ArrayList<>(b.features.keySet());
      types.sort(
          Comparator.comparingInt(
              t -> {
                String module = b.featureModules.get(t);
                return module == null ? order.size() : order.indexOf(module);
              }));
      for (Class<?> type : types) {
        built.put(
            type,
            type.cast(
                requireNonNull(
                    b.features.get(type).apply(context), "the feature " + type.getName())));
      }
    } catch (RuntimeException e) {
      // A feature refused its configuration: nothing is built, so the dispatcher's threads stop.
      dispatcher.close();
      throw e;
    }
    this.features = Collections.unmodifiableMap(built);
    sessions.moduleCredentials(headerCredentials(b.manifests, built));
  }

  /** The modules' header credentials, each bound to the feature its check calls. */
  private static List<HeaderCredential> headerCredentials(
      List<ModuleManifest> manifests, Map<Class<?>, Object> built) {
    List<HeaderCredential> all = new ArrayList<>();
    for (ModuleManifest manifest : manifests) {
      for (ModuleCredential<?> credential : manifest.credentials()) {
        all.add(headerCredential(manifest.module(), credential, built));
      }
    }
    return all;
  }

  private static <S> HeaderCredential headerCredential(
      String module, ModuleCredential<S> credential, Map<Class<?>, Object> built) {
    S service =
        credential.service().cast(requireNonNull(built.get(credential.service()), "service"));
    return new HeaderCredential(
        module,
        credential.header(),
        credential.method(),
        (value, client) -> credential.resolver().check(service, value, client));
  }

  /**
   * A host's renderer, given the app name as the {@code app} value unless a flow set one: the
   * built-in templates fill it in from their own builder, which a host may have set apart from the
   * configuration.
   */
  private static EmailRenderer withAppName(EmailRenderer hosts, String app) {
    return (purpose, locale, values) -> {
      if (values.containsKey("app")) {
        return hosts.render(purpose, locale, values);
      }
      Map<String, String> all = new HashMap<>(values);
      all.put("app", app);
      return hosts.render(purpose, locale, Map.copyOf(all));
    };
  }

  /** The hashing the settings describe: options, Firebase project, unsalted digests. */
  static PasswordHashing configuredHashing(GatehouseConfig config) {
    PasswordHashing.Builder builder =
        PasswordHashing.builder()
            .options(hashingOptions(config))
            .allowUnsaltedDigests(config.get(PasswordSettings.PASSWORD_ALLOW_UNSALTED_DIGESTS));
    String signerKey = config.get(PasswordSettings.PASSWORD_FIREBASE_SIGNER_KEY);
    if (signerKey != null) {
      builder.firebaseScrypt(
          FirebaseScryptParameters.of(
              signerKey,
              config.get(PasswordSettings.PASSWORD_FIREBASE_SALT_SEPARATOR),
              config.get(PasswordSettings.PASSWORD_FIREBASE_ROUNDS),
              config.get(PasswordSettings.PASSWORD_FIREBASE_MEM_COST)));
    }
    return builder.build();
  }

  static PasswordHashingOptions hashingOptions(GatehouseConfig config) {
    return PasswordHashingOptions.builder()
        .algorithm(
            PasswordHashAlgorithm.valueOf(
                config.get(PasswordSettings.PASSWORD_ALGORITHM).toUpperCase(Locale.ROOT)))
        .argon2(
            config.get(PasswordSettings.ARGON2_MEMORY_KIB),
            config.get(PasswordSettings.ARGON2_ITERATIONS),
            config.get(PasswordSettings.ARGON2_PARALLELISM))
        .maxConcurrentHashes(config.get(PasswordSettings.MAX_CONCURRENT_HASHES))
        .build();
  }

  /** What {@link Gatehouse#status()} reports (see there). */
  GatehouseStatus status() {
    TokenKey key = signingKeys.current();
    String problem = null;
    try {
      String token =
          accessTokenIssuer
              .issue(
                  new AccessTokenRequest(
                      new UUID(0, 0).toString(),
                      "health-check",
                      List.of(),
                      null,
                      Map.of(),
                      null,
                      Map.of()))
              .token();
      accessTokenVerifier.verify(token);
    } catch (RuntimeException e) {
      // The class only: a message could quote key parameters.
      problem = "a throwaway token could not be signed and verified: " + e.getClass().getName();
    }
    long pending = store.inNewTransaction(tx -> tx.outbox().countUnsettled()).longValue();
    Instant oldest =
        pending == 0
            ? null
            : store.inNewTransaction(tx -> tx.outbox().oldestUnsettled()).orElse(null);
    // The modules' journals (auth-legacy's write-back), counted with or without the module:
    // entries journaled before it was taken out still wait.
    OutboxStore.ChannelCounts backlog =
        store.inNewTransaction(tx -> tx.outbox().countModuleChannels());
    return new GatehouseStatus(
        key.kid(),
        key.algorithm().name(),
        problem,
        smsSender.providerName(),
        smsSender.developmentOnly(),
        emailSender.providerName(),
        emailSender.developmentOnly(),
        pending,
        oldest,
        config.clock().instant(),
        backlog.unsettled(),
        backlog.failed(),
        untrustedForwarding.seen(),
        store.statementPaths());
  }
}
