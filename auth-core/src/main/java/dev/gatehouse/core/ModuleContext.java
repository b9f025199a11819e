package dev.gatehouse.core;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.account.internal.AccountAdmin;
import dev.gatehouse.core.account.internal.Credentials;
import dev.gatehouse.core.account.internal.LoginThrottle;
import dev.gatehouse.core.account.internal.RecentAuth;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SetupAdvice;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.internal.AccountChanges;
import dev.gatehouse.core.internal.ClientDetails;
import dev.gatehouse.core.internal.CountingTransactions;
import dev.gatehouse.core.internal.DeferredRequests;
import dev.gatehouse.core.internal.LinkMailer;
import dev.gatehouse.core.internal.ModuleChannels;
import dev.gatehouse.core.internal.NetworkLimits;
import dev.gatehouse.core.internal.Notices;
import dev.gatehouse.core.internal.OneTimeMarker;
import dev.gatehouse.core.internal.Outbox;
import dev.gatehouse.core.internal.SecondFactorChallenges;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation;
import dev.gatehouse.core.secret.Sealer;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.CarryOver;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.ExternalAccounts;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.session.ModuleMail;
import dev.gatehouse.core.session.ModuleSessions;
import dev.gatehouse.core.session.ModuleSignIns;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionClaims;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.SessionsEnded;
import dev.gatehouse.core.session.SignInCompleted;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.SignInGuard;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.internal.DefaultSessionService;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.signin.AccountChangeListener;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.signin.DeferredMail;
import dev.gatehouse.core.signin.LinkMail;
import dev.gatehouse.core.signin.ModuleHook;
import dev.gatehouse.core.signin.OutboxChannel;
import dev.gatehouse.core.store.ActionTokenStore.ActionToken;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The sign-in SPI's context and capabilities over the parts {@link GatehouseWiring} built: each
 * call is the one the core's own methods make, so a module's method counts, mails, audits and signs
 * in exactly as they do. Thread-safe, as its parts are.
 */
final class ModuleContext
    implements SignInContext, ModuleSignIns, ModuleLimits, ModuleMail, ModuleAudit, ModuleAccounts {
  private static final Pattern OPERATION = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

  private static final List<Class<?>> CAPABILITIES =
      List.of(
          ModuleSignIns.class,
          ModuleLimits.class,
          ModuleMail.class,
          ModuleAudit.class,
          ModuleAccounts.class,
          ModuleSessions.class);

  private final DefaultSessionService sessions;
  private final GatehouseConfig config;
  private final AuthStore store;
  private final AuthStore staleReads;
  private final SecretHasher secrets;
  private final Sealer sealer;
  private final AccountFactory accounts;
  private final SignInPipeline pipeline;
  private final GatehouseObserver observer;
  private final SecurityEvents events;
  private final Outbox outbox;
  private final DeferredRequests deferred;
  private final LinkMailer mailer;
  private final AccountChanges accountChanges;
  private final ModuleChannels channels;
  private final RecentAuth recentAuth;
  private final LoginThrottle throttle;
  private final Notices notices;
  private final Credentials credentials;
  private final AccountAdmin accountAdmin;
  private final @Nullable LegacyAccountResolver legacyAccounts;

  private final SetupAdvice setupAdvice;

  /** The features built so far, each after its module's requirements; filled by the wiring. */
  private final Map<Class<?>, Object> features;

  /** The module each module's feature comes from, built or not yet. */
  private final Map<Class<?>, String> featureModules;

  ModuleContext(
      GatehouseConfig config,
      AuthStore store,
      AuthStore staleReads,
      SecretHasher secrets,
      Sealer sealer,
      AccountFactory accounts,
      SignInPipeline pipeline,
      GatehouseObserver observer,
      SecurityEvents events,
      Outbox outbox,
      DeferredRequests deferred,
      LinkMailer mailer,
      AccountChanges accountChanges,
      ModuleChannels channels,
      RecentAuth recentAuth,
      LoginThrottle throttle,
      Notices notices,
      DefaultSessionService sessions,
      Credentials credentials,
      AccountAdmin accountAdmin,
      @Nullable LegacyAccountResolver legacyAccounts,
      SetupAdvice setupAdvice,
      Map<Class<?>, Object> features,
      Map<Class<?>, String> featureModules) {
    this.features = features;
    this.featureModules = featureModules;
    this.legacyAccounts = legacyAccounts;
    this.setupAdvice = setupAdvice;
    this.sessions = sessions;
    this.credentials = credentials;
    this.accountAdmin = accountAdmin;
    this.config = config;
    this.store = store;
    this.staleReads = staleReads;
    this.secrets = secrets;
    this.sealer = sealer;
    this.accounts = accounts;
    this.pipeline = pipeline;
    this.observer = observer;
    this.events = events;
    this.outbox = outbox;
    this.deferred = deferred;
    this.mailer = mailer;
    this.accountChanges = accountChanges;
    this.channels = channels;
    this.recentAuth = recentAuth;
    this.throttle = throttle;
    this.notices = notices;
  }

  @Override
  public GatehouseConfig config() {
    return config;
  }

  @Override
  public <T> Optional<T> feature(Class<T> type) {
    Object found = features.get(requireNonNull(type, "type"));
    String module = featureModules.get(type);
    if (found == null && module != null) {
      // Never an empty answer for a feature that is there but not built yet: say the fix.
      throw new AuthException.ConfigurationException(
          "%s of the module %s was asked for before it was built: the module asking names %s%s"
              .formatted(type.getName(), module, module, " in its manifest's requires"));
    }
    return Optional.ofNullable(found).map(type::cast);
  }

  @Override
  public SetupAdvice setupAdvice() {
    return setupAdvice;
  }

  @Override
  public Optional<LegacyAccountResolver> legacyAccounts() {
    return Optional.ofNullable(legacyAccounts);
  }

  @Override
  public Clock clock() {
    return config.clock();
  }

  @Override
  public AuthStore store() {
    return store;
  }

  @Override
  public AuthStore staleReads() {
    return staleReads;
  }

  @Override
  public <C> C capability(Class<C> type) {
    requireNonNull(type, "type");
    if (type == SecretHasher.class) {
      return type.cast(secrets);
    }
    if (type == Sealer.class) {
      return type.cast(sealer);
    }
    if (type == ModuleSessions.class) {
      return type.cast(sessions);
    }
    // The other capabilities are this context's own faces; nothing else of it is handed out.
    if (CAPABILITIES.contains(type)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException(
        "%s is not a capability; ask for one of %s, SecretHasher or Sealer"
            .formatted(type.getName(), CAPABILITIES));
  }

  @Override
  public void hook(ModuleHook hook) {
    requireNonNull(hook, "hook");
    int kinds = 0;
    if (hook instanceof SignInGuard guard) {
      pipeline.guard(guard);
      kinds++;
    }
    if (hook instanceof SignInCompleted completed) {
      pipeline.completed(completed);
      kinds++;
    }
    if (hook instanceof SessionsEnded ended) {
      sessions.onSessionsEnded(ended);
      kinds++;
    }
    if (hook instanceof Reauthentication.Check check) {
      recentAuth.accept(check);
      kinds++;
    }
    if (hook instanceof CarryOver tokens) {
      sessions.carryOver(tokens);
      kinds++;
    }
    if (hook instanceof ExternalAccounts accounts) {
      credentials.registerExternal(accounts);
      kinds++;
    }
    if (hook instanceof SessionClaims claims) {
      sessions.onSessionClaims(claims);
      kinds++;
    }
    if (hook instanceof AccountChangeListener listener) {
      accountChanges.register(listener);
      kinds++;
    }
    if (hook instanceof OutboxChannel channel) {
      channels.register(channel.channel(), channel);
      kinds++;
    }
    if (hook instanceof DeferredMail mail) {
      deferred.register(mail.purpose(), mail::handle);
      kinds++;
    }
    if (kinds == 0) {
      throw new IllegalArgumentException(
          hook.getClass().getName() + " implements no kind of hook the pipeline knows");
    }
  }

  @Override
  public UserRecord createAccount(StoreTransaction tx, UserRecord account) {
    return accounts.create(tx, account);
  }

  @Override
  public SignInResult signIn(CredentialCheck check, @Nullable ClientInfo client) {
    requireNonNull(check, "check");
    String method = check.method();
    int colon = method.indexOf(':');
    return ObservedOperation.run(
        observer,
        ObservedOperation.SIGN_IN,
        colon < 0
            ? ObservedOperation.signInTags(method, false, "none")
            : ObservedOperation.signInTags(
                method.substring(0, colon), false, method.substring(colon + 1)),
        SignInPipeline::outcomeOf,
        () -> pipeline.run(check, client));
  }

  @Override
  public Optional<SecondStep> secondStep(String challenge) {
    return pendingStep(SecondFactorChallenges.PURPOSE, challenge);
  }

  @Override
  public Optional<SecondStep> enrolmentStep(String challenge) {
    return pendingStep(SecondFactorChallenges.ENROL_PURPOSE, challenge);
  }

  private Optional<SecondStep> pendingStep(String purpose, String challenge) {
    if (challenge == null || challenge.isEmpty() || challenge.length() > 128) {
      return Optional.empty();
    }
    String hash = SecondFactorChallenges.hash(secrets, purpose, challenge);
    Instant now = config.clock().instant();
    return store
        .inTransaction(tx -> tx.actionTokens().findUsable(purpose, hash, now))
        .map(
            t ->
                new SecondStep(
                    challenge,
                    t.userId(),
                    amrOf(t),
                    purpose.equals(SecondFactorChallenges.ENROL_PURPOSE)));
  }

  @Override
  public Guess guess(Counters counter, UUID account, @Nullable String ip, Instant now) {
    requireNonNull(counter, "counter");
    requireNonNull(account, "account");
    return throttle.guess(throttle.reserve(throttle.ipBucket(ip), counter.key(account), now));
  }

  @Override
  public void sendNotice(StoreTransaction tx, UserRecord account, String template) {
    notices.toAccount(tx, account, template);
  }

  @Override
  public void setPassword(
      StoreTransaction tx,
      UUID admin,
      UserRecord account,
      String newPassword,
      @Nullable ClientInfo client) {
    accountAdmin.setPassword(tx, admin, account, newPassword, client);
  }

  @Override
  public boolean setEmail(
      StoreTransaction tx,
      UUID admin,
      UserRecord account,
      String email,
      @Nullable ClientInfo client) {
    return accountAdmin.setEmail(tx, admin, account, email, client);
  }

  @Override
  public String rememberDevice(
      StoreTransaction tx, UUID account, @Nullable ClientInfo client, Instant until, Instant now) {
    String token = SecretHasher.newToken();
    String agent = client == null ? null : ClientDetails.userAgent(client.userAgent());
    tx.secondFactors()
        .rememberDevice(
            account,
            SecondFactorChallenges.deviceHash(secrets, token),
            agent == null || agent.length() <= 100 ? agent : agent.substring(0, 100),
            until,
            now);
    return token;
  }

  @Override
  public SignInResult.SignedIn completeSecondStep(
      SecondStep step,
      String method,
      BiConsumer<StoreTransaction, UserRecord> spend,
      @Nullable ClientInfo client) {
    requireNonNull(step, "step");
    requireNonNull(spend, "spend");
    ClientInfo who = client == null ? ClientInfo.web() : client;
    String purpose =
        step.enrolment() ? SecondFactorChallenges.ENROL_PURPOSE : SecondFactorChallenges.PURPOSE;
    String hash = SecondFactorChallenges.hash(secrets, purpose, step.challenge());
    List<String> amr = new ArrayList<>(step.amr());
    amr.add(method);
    amr.add(SessionStarter.AMR_MFA);
    return ObservedOperation.run(
        observer,
        ObservedOperation.SIGN_IN,
        ObservedOperation.signInTags(method, true, "none"),
        r -> "success",
        () -> {
          Instant now = config.clock().instant();
          try {
            return store.inTransaction(
                tx -> {
                  UserRecord u = tx.users().findByPublicId(step.account()).orElse(null);
                  if (u == null || u.deleted() || !u.active()) {
                    throw invalidSecondStep();
                  }
                  spend.accept(tx, u);
                  // Last: a refusal above rolls back and leaves the challenge for a retry.
                  if (!tx.actionTokens().consume(purpose, hash, now)) {
                    throw invalidSecondStep();
                  }
                  tx.users().recordLogin(u.publicId(), now);
                  return pipeline.complete(
                      tx, u, List.copyOf(amr), method, who, now, false, List.of());
                });
          } catch (AuthException e) {
            // Rolled back: kept in a transaction of its own, as a failed password is.
            throw refused(method, step.account(), e, who);
          }
        });
  }

  @Override
  public UserRecord caller(VerifiedAccessToken caller) {
    return recentAuth.caller(requireNonNull(caller, "caller"));
  }

  @Override
  public UserRecord owner(VerifiedAccessToken caller) {
    return recentAuth.owner(requireNonNull(caller, "caller"));
  }

  @Override
  public <T> T reauthenticated(
      VerifiedAccessToken caller,
      Reauthentication proof,
      @Nullable ClientInfo client,
      BiFunction<? super StoreTransaction, ? super UserRecord, ? extends T> change) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    requireNonNull(change, "change");
    return recentAuth.reauthenticated(caller, proof, client, change);
  }

  /** The factors a pending step's login proved, as its challenge was bound to them. */
  private static List<String> amrOf(ActionToken token) {
    String binding = token.binding();
    return binding == null || binding.isEmpty() ? List.of() : List.of(binding.split(" "));
  }

  private static RejectedInputException invalidSecondStep() {
    return new RejectedInputException(
        ErrorCode.INVALID_CHALLENGE,
        "the second-step challenge is unknown, used or expired; sign in again");
  }

  @Override
  public <T> T counting(
      Collection<String> keys, Instant now, Function<? super StoreTransaction, ? extends T> work) {
    return CountingTransactions.run(store, keys, now, work);
  }

  @Override
  public Optional<Duration> countNetwork(
      StoreTransaction tx, Counters counter, @Nullable String ip, Instant now) {
    return NetworkLimits.count(config, secrets, tx, counter, ip, now);
  }

  @Override
  public void deferMail(String purpose, String subject, @Nullable String ip) {
    NetworkLimits.deferMail(
        config, config.clock(), store, secrets, outbox, deferred, purpose, subject, ip);
  }

  @Override
  public boolean underMailLimit(
      StoreTransaction tx, String purpose, String canonical, Instant now) {
    return mailer.underMailLimit(tx, purpose, canonical, now);
  }

  @Override
  public Optional<Instant> spendOnce(
      StoreTransaction tx, Counters marker, Duration window, Instant now, Object... parts) {
    return OneTimeMarker.of(marker, window, parts).spend(tx, now);
  }

  @Override
  public void sendLink(StoreTransaction tx, LinkMail mail, @Nullable String code) {
    mailer.send(tx, mail, code);
  }

  @Override
  public void publish(StoreTransaction tx, AuthEvent event) {
    events.publish(tx, event);
  }

  @Override
  public void publishByAdmin(StoreTransaction tx, UUID admin, AuthEvent event) {
    events.publish(
        requireNonNull(tx, "tx"),
        SecurityEvents.Actor.ADMIN,
        requireNonNull(admin, "admin"),
        requireNonNull(event, "event"));
  }

  @Override
  public AuthException refused(
      String method, @Nullable UUID account, AuthException error, @Nullable ClientInfo client) {
    return events.signInRefused(method, account, error, ClientInfo.originOf(config, client));
  }

  @Override
  public <E extends AuthException> E refusedOperation(
      String operation, @Nullable UUID account, E error, @Nullable ClientInfo client) {
    requireNonNull(error, "error");
    if (!OPERATION.matcher(requireNonNull(operation, "operation")).matches()) {
      throw new IllegalArgumentException(
          "an operation's name is 1 to 40 letters, digits, '_', '-' and '.': " + operation);
    }
    if (SecurityEvents.audits(error.error())) {
      events.publishNow(
          new AuthEvent.OperationRefused(
              config.clock().instant(),
              account,
              error.error().code(),
              operation,
              ClientInfo.originOf(config, client)));
    }
    return error;
  }

  @Override
  public UserRecord staff(VerifiedAccessToken caller, String operation) {
    UserRecord u = caller(caller);
    if (u.actsAsStaff()) {
      return u;
    }
    throw refusedToStaff(
        caller,
        operation,
        new RejectedInputException(ErrorCode.FORBIDDEN, operation + " is for staff only"));
  }

  @Override
  public RejectedInputException refusedToStaff(
      VerifiedAccessToken caller, String operation, RejectedInputException error) {
    requireNonNull(caller, "caller");
    requireNonNull(operation, "operation");
    requireNonNull(error, "error");
    if (error.error() == ErrorCode.FORBIDDEN) {
      store.inNewTransaction(
          tx -> {
            publishByAdmin(
                tx,
                caller.userPublicId(),
                new AuthEvent.AdminRefused(
                    config.clock().instant(),
                    caller.userPublicId(),
                    error.error().code(),
                    operation,
                    AuthEvent.RequestOrigin.UNKNOWN));
            return null;
          });
    }
    return error;
  }

  @Override
  public void accountChanged(
      StoreTransaction tx,
      AccountChange.Kind kind,
      @Nullable UserRecord before,
      UUID account,
      Instant now) {
    accountChanges.record(tx, kind, before, account, null, now);
  }

  @Override
  public long enqueue(
      StoreTransaction tx,
      String channel,
      OutboxChannel.Entry entry,
      int maxAttempts,
      Instant now) {
    requireNonNull(tx, "tx");
    requireNonNull(entry, "entry");
    return outbox.enqueueModuleEntry(tx, channel, entry, maxAttempts, now);
  }
}
