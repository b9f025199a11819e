package dev.gatehouse.core;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.internal.CountingTransactions;
import dev.gatehouse.core.internal.DeferredRequests;
import dev.gatehouse.core.internal.LinkMailer;
import dev.gatehouse.core.internal.NetworkLimits;
import dev.gatehouse.core.internal.OneTimeMarker;
import dev.gatehouse.core.internal.Outbox;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.internal.WriteBack;
import dev.gatehouse.core.migration.LegacyWriteBack.LegacyChange;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation;
import dev.gatehouse.core.secret.Sealer;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.signin.DeferredMail;
import dev.gatehouse.core.signin.LinkMail;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The sign-in SPI's context over the parts {@link GatehouseWiring} built: each call is the one the
 * core's own methods make, so a module's method counts, mails, audits and signs in exactly as they
 * do. Thread-safe, as its parts are.
 */
final class ModuleContext implements SignInContext {
  private final GatehouseConfig config;
  private final AuthStore store;
  private final SecretHasher secrets;
  private final Sealer sealer;
  private final AccountFactory accounts;
  private final SignInPipeline pipeline;
  private final GatehouseObserver observer;
  private final SecurityEvents events;
  private final Outbox outbox;
  private final DeferredRequests deferred;
  private final LinkMailer mailer;
  private final WriteBack writeBack;

  ModuleContext(
      GatehouseConfig config,
      AuthStore store,
      SecretHasher secrets,
      Sealer sealer,
      AccountFactory accounts,
      SignInPipeline pipeline,
      GatehouseObserver observer,
      SecurityEvents events,
      Outbox outbox,
      DeferredRequests deferred,
      LinkMailer mailer,
      WriteBack writeBack) {
    this.config = config;
    this.store = store;
    this.secrets = secrets;
    this.sealer = sealer;
    this.accounts = accounts;
    this.pipeline = pipeline;
    this.observer = observer;
    this.events = events;
    this.outbox = outbox;
    this.deferred = deferred;
    this.mailer = mailer;
    this.writeBack = writeBack;
  }

  @Override
  public GatehouseConfig config() {
    return config;
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
  public SecretHasher secrets() {
    return secrets;
  }

  @Override
  public Sealer sealer() {
    return sealer;
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
  public void onDeferredMail(String purpose, DeferredMail handler) {
    deferred.register(purpose, handler);
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
  public AuthException refused(
      String method, @Nullable UUID account, AuthException error, @Nullable ClientInfo client) {
    return events.signInRefused(method, account, error, ClientInfo.originOf(config, client));
  }

  @Override
  public void accountChanged(
      StoreTransaction tx,
      LegacyChange.Kind kind,
      @Nullable UserRecord before,
      UUID account,
      Instant now) {
    writeBack.record(tx, kind, before, account, null, now);
  }
}
