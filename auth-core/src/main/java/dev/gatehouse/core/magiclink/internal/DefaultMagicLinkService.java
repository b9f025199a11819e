package dev.gatehouse.core.magiclink.internal;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.MagicLinkSettings;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import dev.gatehouse.core.internal.Counters;
import dev.gatehouse.core.internal.CountingTransactions;
import dev.gatehouse.core.internal.DeferredRequests;
import dev.gatehouse.core.internal.LinkMailer;
import dev.gatehouse.core.internal.NetworkLimits;
import dev.gatehouse.core.internal.Outbox;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.internal.WriteBack;
import dev.gatehouse.core.magiclink.MagicLinkService;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation;
import dev.gatehouse.core.secret.Sealer;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.delivery.TemplateNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** The {@link MagicLinkService} the facade builds. Internal: not API. */
public final class DefaultMagicLinkService implements MagicLinkService {
  /** The deferred request behind {@link #requestLink}. */
  static final String REQUEST = "magic_link_request";

  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final SecretHasher secrets;
  private final SecurityEvents events;
  private final Outbox outbox;
  private final DeferredRequests deferred;
  private final WriteBack writeBack;
  private final GatehouseObserver observer;
  private final LinkMailer mailer;
  private final MagicLinkTokens tokens;
  private final SignInPipeline pipeline;
  private final AccountFactory factory;

  /** Built by the facade's wiring. */
  public DefaultMagicLinkService(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SecretHasher secrets,
      Sealer sealer,
      SecurityEvents events,
      Outbox outbox,
      GatehouseObserver observer,
      DeferredRequests deferred,
      WriteBack writeBack,
      LinkMailer mailer,
      SignInPipeline pipeline) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.secrets = secrets;
    this.events = events;
    this.outbox = outbox;
    this.observer = observer;
    this.deferred = deferred;
    this.writeBack = writeBack;
    this.mailer = mailer;
    this.tokens = new MagicLinkTokens(config, secrets, sealer);
    this.pipeline = pipeline;
    this.factory = AccountFactory.of(config);
    deferred.register(REQUEST, this::requested);
  }

  @Override
  public void requestLink(
      String email, @Nullable String browserBinding, @Nullable ClientInfo client) {
    requireEnabled();
    EmailAddresses.canonical(email);
    NetworkLimits.deferMail(
        config,
        clock,
        store,
        secrets,
        outbox,
        deferred,
        REQUEST,
        MagicLinkTokens.subject(tokens.bindingHash(browserBinding), email),
        client == null ? null : client.ipAddress());
  }

  @Override
  public SignInResult signInWithLink(
      String token, @Nullable String browserBinding, @Nullable ClientInfo client) {
    requireEnabled();
    MagicLinkTokens.Link link = tokens.open(token, clock.instant());
    if (!tokens.boundTo(link, browserBinding)) {
      throw new RejectedInputException(
          ErrorCode.LINK_OTHER_BROWSER, "the link was asked for in another browser");
    }
    return observed(
        () ->
            pipeline.run(
                new LinkCheck.ByLink(config, events, writeBack, factory, tokens, link, client),
                client));
  }

  @Override
  public SignInResult signInWithCode(String email, String code, @Nullable ClientInfo client) {
    requireEnabled();
    String canonical = EmailAddresses.canonical(email);
    String presented = tokens.requireCodeShape(code);
    return observed(
        () -> {
          admitCode(canonical, client);
          return pipeline.run(
              new LinkCheck.ByCode(
                  config, store, events, writeBack, factory, tokens, email, canonical, presented,
                  client),
              client);
        });
  }

  /**
   * Counts a code attempt before anything is compared, in Gatehouse's own transaction (a host
   * rollback gives no attempt back): against the client network's hourly limit, the address's daily
   * limit, and refused while the hour's wrong codes of all addresses are over theirs.
   *
   * @throws RateLimitedException {@code rate_limited} over any of the three
   */
  private void admitCode(String canonical, @Nullable ClientInfo client) {
    Instant now = clock.instant();
    Counters address = Counters.MAGIC_LINK_CODE_ATTEMPTS;
    String addressKey = address.key(tokens.attemptsPart(canonical));
    Optional<Refusal> refused =
        CountingTransactions.run(
            store,
            List.of(addressKey),
            now,
            tx ->
                overALimit(tx, canonical, client, now)
                    .map(
                        e ->
                            new Refusal(
                                e,
                                tx.users()
                                    .findByEmail(canonical)
                                    .map(UserRecord::publicId)
                                    .orElse(null))));
    if (refused.isPresent()) {
      throw events.signInRefused(
          LinkCheck.METHOD,
          refused.get().subject(),
          refused.get().error(),
          ClientInfo.originOf(config, client));
    }
  }

  /** A refused code attempt, and the account its address names. */
  private record Refusal(RateLimitedException error, @Nullable UUID subject) {}

  private Optional<RateLimitedException> overALimit(
      StoreTransaction tx, String canonical, @Nullable ClientInfo client, Instant now) {
    Optional<Duration> network =
        NetworkLimits.count(
            config,
            secrets,
            tx,
            NetworkLimits.Limit.MAGIC_LINK_CODE,
            client == null ? null : client.ipAddress(),
            now);
    if (network.isPresent()) {
      return Optional.of(NetworkLimits.refusal(network.get()));
    }
    Counters total = Counters.MAGIC_LINK_WRONG_CODES;
    Duration hour = total.window(config);
    Optional<CounterState> wrong = tx.counters().find(total.key());
    if (wrong.isPresent()
        && wrong.get().count() >= total.max(config)
        && wrong.get().windowStart().plus(hour).isAfter(now)) {
      return Optional.of(
          tooManyCodes(
              "too many wrong codes; use the emailed link",
              Counters.until(wrong.get(), hour, now)));
    }
    return Counters.MAGIC_LINK_CODE_ATTEMPTS
        .count(config, tx, now, tokens.attemptsPart(canonical))
        .map(
            wait ->
                tooManyCodes("too many wrong codes for this address; use the emailed link", wait));
  }

  private static RateLimitedException tooManyCodes(String message, Duration wait) {
    return new RateLimitedException(ErrorCode.RATE_LIMITED, message, wait);
  }

  private SignInResult observed(java.util.function.Supplier<SignInResult> work) {
    return ObservedOperation.run(
        observer,
        ObservedOperation.SIGN_IN,
        ObservedOperation.signInTags(LinkCheck.METHOD, false, "none"),
        SignInPipeline::outcomeOf,
        work);
  }

  private void requireEnabled() {
    if (!config.get(MagicLinkSettings.MAGIC_LINK_ENABLED)) {
      throw new RejectedInputException(
          ErrorCode.MAGIC_LINK_DISABLED, "sign-in by emailed link is turned off");
    }
  }

  /**
   * A request, on a delivery worker: a link and its code to an active account's address (or to a
   * new address when sign-up by link is open) within the address's mail limit; else nothing.
   */
  private void requested(String subject, Instant now, Predicate<StoreTransaction> settle) {
    MagicLinkTokens.Subject s = MagicLinkTokens.Subject.parse(subject);
    String canonical = EmailAddresses.canonical(s.email());
    boolean signUp = config.get(MagicLinkSettings.MAGIC_LINK_SIGNUP_ALLOWED);
    store.inTransaction(
        tx -> {
          if (!settle.test(tx)) {
            return null;
          }
          var owner = tx.users().findByEmail(canonical);
          boolean send =
              owner.isPresent() ? owner.get().active() && !owner.get().deleted() : signUp;
          if (!send || !mailer.underMailLimit(tx, TemplateNames.MAGIC_LINK, canonical, now)) {
            return null;
          }
          String address = owner.map(UserRecord::email).orElse(EmailAddresses.normalize(s.email()));
          MagicLinkTokens.Issued issued =
              tokens.issue(tx, owner, canonical, address, s.bindingHash(), now);
          mailer.send(
              tx,
              new LinkMailer.Mail(
                  address,
                  TemplateNames.MAGIC_LINK,
                  MagicLinkSettings.MAGIC_LINK,
                  null,
                  issued.token(),
                  config.get(MagicLinkSettings.MAGIC_LINK_TTL),
                  owner.map(UserRecord::language).orElse(null)),
              issued.code());
          return null;
        });
  }

  /** A new account for an address that proved its mailbox: verified, with no password. */
  static UserRecord newAccount(String canonical, String address, Instant now) {
    return UserRecord.newAccount(now)
        .email(address, canonical)
        .verified(true)
        .emailVerified(true)
        .build();
  }

  /**
   * The verification a used link proves, published only when it changed something; answers the user
   * as it left them.
   */
  static UserRecord proveMailbox(
      SecurityEvents events,
      WriteBack writeBack,
      StoreTransaction tx,
      UserRecord user,
      Instant now) {
    if (user.emailVerified() && user.verified()) {
      return user;
    }
    tx.users().markVerified(user.publicId(), IdentifierKind.EMAIL, now);
    if (!user.emailVerified()) {
      writeBack.record(
          tx,
          dev.gatehouse.core.migration.LegacyWriteBack.LegacyChange.Kind.VERIFIED,
          user,
          user.publicId(),
          null,
          now);
      events.publish(tx, new AuthEvent.EmailVerified(now, user.publicId()));
    }
    return user.toBuilder().verified(true).emailVerified(true).build();
  }
}
