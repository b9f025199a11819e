package dev.gatehouse.magiclink;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import dev.gatehouse.core.secret.Sealer;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.session.ModuleMail;
import dev.gatehouse.core.session.ModuleSignIns;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.signin.DeferredMail;
import dev.gatehouse.core.signin.LinkMail;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** The {@link MagicLinkService} the module builds on the sign-in SPI. Internal: not API. */
final class DefaultMagicLinkService implements MagicLinkService {
  /** The deferred request behind {@link #requestLink}. */
  static final String REQUEST = "magic_link_request";

  private final SignInContext context;
  private final ModuleMail outbox;
  private final ModuleAccounts accounts;
  private final ModuleAudit audit;
  private final ModuleLimits limits;
  private final ModuleSignIns signIns;
  private final GatehouseConfig config;
  private final MagicLinkTokens tokens;

  /**
   * Builds the service and registers what its deferred requests do.
   *
   * @param context the core's sign-in context
   */
  DefaultMagicLinkService(SignInContext context) {
    this.context = context;
    this.outbox = context.capability(ModuleMail.class);
    this.accounts = this.context.capability(ModuleAccounts.class);
    this.audit = this.context.capability(ModuleAudit.class);
    this.limits = this.context.capability(ModuleLimits.class);
    this.signIns = this.context.capability(ModuleSignIns.class);
    this.config = context.config();
    this.tokens =
        new MagicLinkTokens(
            config, context.capability(SecretHasher.class), context.capability(Sealer.class));
    context.hook(
        new DeferredMail() {
          @Override
          public String purpose() {
            return REQUEST;
          }

          @Override
          public void handle(String subject, Instant now, Predicate<StoreTransaction> settle) {
            requested(subject, now, settle);
          }
        });
  }

  @Override
  public void requestLink(
      String email, @Nullable String browserBinding, @Nullable ClientInfo client) {
    requireEnabled();
    EmailAddresses.canonical(email);
    outbox.deferMail(
        REQUEST,
        MagicLinkTokens.subject(tokens.bindingHash(browserBinding), email),
        client == null ? null : client.ipAddress());
  }

  @Override
  public SignInResult signInWithLink(
      String token, @Nullable String browserBinding, @Nullable ClientInfo client) {
    requireEnabled();
    MagicLinkTokens.Link link = tokens.open(token, context.clock().instant());
    if (!tokens.boundTo(link, browserBinding)) {
      throw new RejectedInputException(
          MagicLinkErrors.LINK_OTHER_BROWSER, "the link was asked for in another browser");
    }
    return signIns.signIn(new LinkCheck.ByLink(context, tokens, link, client), client);
  }

  @Override
  public SignInResult signInWithCode(String email, String code, @Nullable ClientInfo client) {
    requireEnabled();
    String canonical = EmailAddresses.canonical(email);
    String presented = tokens.requireCodeShape(code);
    admitCode(canonical, client);
    return signIns.signIn(
        new LinkCheck.ByCode(context, tokens, email, canonical, presented, client), client);
  }

  /**
   * Counts a code attempt before anything is compared, in Gatehouse's own transaction (a host
   * rollback gives no attempt back): against the client network's hourly limit and the address's
   * daily limit. While the hour's wrong codes of all addresses are over theirs, an address gets one
   * attempt at a time and none after a wrong one that day: the attempt is refused when the address
   * already has one counted (wrong, or still being compared). So strangers' wrong codes never
   * refuse a right code for an address nobody guessed at, and an attacked address stays closed.
   *
   * @throws RateLimitedException {@code rate_limited} over any of them
   */
  private void admitCode(String canonical, @Nullable ClientInfo client) {
    Instant now = context.clock().instant();
    Counters address = MagicLinkCounters.MAGIC_LINK_CODE_ATTEMPTS;
    String addressKey = address.key(tokens.attemptsPart(canonical));
    Optional<Refusal> refused =
        limits.counting(
            List.of(addressKey),
            now,
            tx ->
                overALimit(tx, addressKey, client, now)
                    .map(
                        e ->
                            new Refusal(
                                e,
                                tx.users()
                                    .findByEmail(canonical)
                                    .map(UserRecord::publicId)
                                    .orElse(null))));
    if (refused.isPresent()) {
      throw audit.refused(LinkCheck.METHOD, refused.get().subject(), refused.get().error(), client);
    }
  }

  /** A refused code attempt, and the account its address names. */
  private record Refusal(RateLimitedException error, @Nullable UUID subject) {}

  private Optional<RateLimitedException> overALimit(
      StoreTransaction tx, String addressKey, @Nullable ClientInfo client, Instant now) {
    Optional<Duration> network =
        limits.countNetwork(
            tx,
            MagicLinkCounters.MAGIC_LINK_CODE_NETWORK,
            client == null ? null : client.ipAddress(),
            now);
    if (network.isPresent()) {
      return Optional.of(
          new RateLimitedException(
              ErrorCode.RATE_LIMITED,
              "too many requests from this network; try again later",
              network.get()));
    }
    Counters address = MagicLinkCounters.MAGIC_LINK_CODE_ATTEMPTS;
    Duration window = address.window(config);
    CounterState own = Counters.countAll(tx, List.of(addressKey), window, now).get(0);
    if (own.count() > address.max(config)) {
      return Optional.of(
          tooManyCodes(
              "too many wrong codes for this address; use the emailed link",
              Counters.until(own, window, now)));
    }
    Optional<Duration> everyone = MagicLinkCounters.MAGIC_LINK_WRONG_CODES.reached(config, tx, now);
    if (everyone.isPresent() && own.count() > 1) {
      // More than this attempt counted today is a wrong code (a right one is given back) or a
      // guess still being compared: an address nobody guessed at keeps its code meanwhile.
      return Optional.of(
          tooManyCodes("too many wrong codes; use the emailed link", everyone.get()));
    }
    return Optional.empty();
  }

  private static RateLimitedException tooManyCodes(String message, Duration wait) {
    return new RateLimitedException(ErrorCode.RATE_LIMITED, message, wait);
  }

  private void requireEnabled() {
    if (!config.get(MagicLinkSettings.MAGIC_LINK_ENABLED)) {
      throw new RejectedInputException(
          MagicLinkErrors.MAGIC_LINK_DISABLED, "sign-in by emailed link is turned off");
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
    context
        .store()
        .inTransaction(
            tx -> {
              if (!settle.test(tx)) {
                return null;
              }
              var owner = tx.users().findByEmail(canonical);
              boolean send =
                  owner.isPresent() ? owner.get().active() && !owner.get().deleted() : signUp;
              if (!send
                  || !limits.underMailLimit(tx, MagicLinks.MAGIC_LINK.name(), canonical, now)) {
                return null;
              }
              String address =
                  owner.map(UserRecord::email).orElse(EmailAddresses.normalize(s.email()));
              MagicLinkTokens.Issued issued =
                  tokens.issue(tx, owner, canonical, address, s.bindingHash(), now);
              outbox.sendLink(
                  tx,
                  new LinkMail(
                      address,
                      MagicLinks.MAGIC_LINK.name(),
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
  static UserRecord newAccount(
      GatehouseConfig config, String canonical, String address, Instant now) {
    return AccountFactory.of(config)
        .newAccount(now)
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
      SignInContext context, StoreTransaction tx, UserRecord user, Instant now) {
    if (user.emailVerified() && user.verified()) {
      return user;
    }
    tx.users().markVerified(user.publicId(), IdentifierKind.EMAIL, now);
    if (!user.emailVerified()) {
      ModuleAccounts changed = context.capability(ModuleAccounts.class);
      changed.accountChanged(tx, AccountChange.Kind.VERIFIED, user, user.publicId(), now);
      ModuleAudit trail = context.capability(ModuleAudit.class);
      trail.publish(tx, new AuthEvent.EmailVerified(now, user.publicId()));
    }
    return user.toBuilder().verified(true).emailVerified(true).build();
  }
}
