package dev.gatehouse.core.magiclink;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.MagicLinkSettings;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RateLimitedException;
import dev.gatehouse.core.error.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.IdentifierKind;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.internal.LinkMailer;
import dev.gatehouse.core.internal.NetworkLimits;
import dev.gatehouse.core.internal.ServiceAccess;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.ObservedOperation;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.delivery.TemplateNames;
import java.time.Instant;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Sign-in by emailed link. Obtained from {@code Gatehouse.magicLinks()}; thread-safe. Off unless
 * {@code gatehouse.magic-link.enabled} is set.
 *
 * <pre>{@code
 * // A page asks: the browser keeps a binding in a cookie, so only it can use the link.
 * String binding = MagicLinkService.newBrowserBinding();
 * gatehouse.magicLinks().requestLink(email, binding, client);
 * // The emailed link opens the page, which presents the token and the cookie's binding.
 * SignInResult result = gatehouse.magicLinks().signInWithLink(token, binding, client);
 * // Opened on another device: the email's code signs in where the link was asked for.
 * SignInResult same = gatehouse.magicLinks().signInWithCode(email, code, client);
 * }</pre>
 *
 * <h2>How it works</h2>
 *
 * A request answers the same for every address, in the same time as a password-reset request: it
 * records one deferred request and returns; a delivery worker looks the address up and emails the
 * link and a code ({@value TemplateNames#MAGIC_LINK}) to an active account, or to an unknown
 * address when {@code gatehouse.magic-link.signup-allowed} is on, and sends nothing otherwise. The
 * link's token is sealed (AES-GCM under the server key: the address, the minute it was issued and
 * the hash of the browser binding), so nothing is stored until it is used; the code is a keyed hash
 * of the address and that minute. Both work for {@code gatehouse.magic-link.ttl} (the code from the
 * start of its minute) and once each; using the link also ends its code. The link signs the account
 * in through the sign-in pipeline like every other method: an account with a second factor gets the
 * second step, a new address gets an account (its email verified: the link proved the mailbox).
 *
 * <p>A link asked for with a browser binding works only where that binding is presented; one asked
 * for without (an app, the JSON contract) works on any device. The code always works, for {@code
 * gatehouse.otp.max-attempts} attempts per address in a link's lifetime, each counted before it is
 * compared (so concurrent guesses get no more), the count starting again after a right one.
 *
 * <h2>Limits</h2>
 *
 * Requests count against the client network's {@code
 * gatehouse.throttle.account-mail.per-ip-hourly}, together with password-reset requests and
 * confirmation resends; mails to one address against {@code gatehouse.otp.max-per-destination} an
 * hour; wrong codes as above.
 */
public final class MagicLinkService {
  static {
    ServiceAccess.register(
        MagicLinkService.class,
        (ctx, sessions) -> new MagicLinkService(ctx, (SessionStarter) sessions));
  }

  /** The deferred request behind {@link #requestLink}. */
  static final String REQUEST = "magic_link_request";

  private final GatehouseContext ctx;
  private final GatehouseObserver observer;
  private final LinkMailer mailer;
  private final MagicLinkTokens tokens;
  private final SignInPipeline pipeline;
  private final AccountFactory factory;

  /**
   * Built by {@code Gatehouse} through {@link ServiceAccess}.
   *
   * @param ctx the shared wiring (internal)
   * @param sessions starts sessions inside this service's flows
   */
  MagicLinkService(GatehouseContext ctx, SessionStarter sessions) {
    this.ctx = requireNonNull(ctx, "ctx");
    this.observer = ctx.observer();
    this.mailer = new LinkMailer(ctx);
    this.tokens = new MagicLinkTokens(ctx);
    this.pipeline = new SignInPipeline(ctx, requireNonNull(sessions, "sessions"));
    this.factory = AccountFactory.of(ctx.config());
    ctx.deferred().register(REQUEST, this::requested);
  }

  /**
   * A new browser binding, for a page to keep in an HTTP-only cookie and present with the request
   * and with the link.
   *
   * @return a random URL-safe value
   */
  public static String newBrowserBinding() {
    return SecretHasher.newToken();
  }

  /**
   * Asks for a sign-in link by email. Answers the same, in the same time, for every address.
   *
   * @param email the address as typed
   * @param browserBinding the asking browser's binding ({@link #newBrowserBinding()}), or {@code
   *     null} for a link that works on any device
   * @param client who is calling (its IP is counted), or {@code null}
   * @throws RejectedInputException {@code invalid_email}; {@code magic_link_disabled}
   * @throws RateLimitedException {@code rate_limited} when the network asked too often
   */
  public void requestLink(
      String email, @Nullable String browserBinding, @Nullable ClientInfo client) {
    requireEnabled();
    EmailAddresses.canonical(email);
    NetworkLimits.deferMail(
        ctx,
        REQUEST,
        MagicLinkTokens.subject(tokens.bindingHash(browserBinding), email),
        client == null ? null : client.ipAddress());
  }

  /**
   * Signs in with the token of an emailed link.
   *
   * @param token the link's token
   * @param browserBinding the binding the browser presents, or {@code null}
   * @param client who is calling, or {@code null}
   * @return signed in, or the second step the account needs
   * @throws RejectedInputException {@code invalid_link} (altered, expired, used, or an account that
   *     may not sign in); {@code link_other_browser} when the link was asked for in another browser
   *     (nothing is spent: its code still works there); {@code magic_link_disabled}
   */
  public SignInResult signInWithLink(
      String token, @Nullable String browserBinding, @Nullable ClientInfo client) {
    requireEnabled();
    MagicLinkTokens.Link link = tokens.open(token, ctx.clock().instant());
    if (!tokens.boundTo(link, browserBinding)) {
      throw new RejectedInputException(
          ErrorCode.LINK_OTHER_BROWSER, "the link was asked for in another browser");
    }
    return observed(
        () -> pipeline.run(new LinkCheck.ByLink(ctx, factory, tokens, link, client), client));
  }

  /**
   * Signs in with the code of an emailed link, on the device that asked for it (or any other).
   *
   * @param email the address the link was sent to
   * @param code the code as typed
   * @param client who is calling, or {@code null}
   * @return signed in, or the second step the account needs
   * @throws RejectedInputException {@code invalid_email}; {@code invalid_code_format}; {@code
   *     invalid_code} (wrong, expired or used); {@code magic_link_disabled}
   * @throws RateLimitedException {@code rate_limited} after too many wrong codes for the address
   */
  public SignInResult signInWithCode(String email, String code, @Nullable ClientInfo client) {
    requireEnabled();
    String canonical = EmailAddresses.canonical(email);
    String presented = tokens.requireCodeShape(code);
    return observed(
        () ->
            pipeline.run(
                new LinkCheck.ByCode(ctx, factory, tokens, email, canonical, presented, client),
                client));
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
    if (!ctx.config().get(MagicLinkSettings.MAGIC_LINK_ENABLED)) {
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
    boolean signUp = ctx.config().get(MagicLinkSettings.MAGIC_LINK_SIGNUP_ALLOWED);
    ctx.store()
        .inTransaction(
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
              String address =
                  owner.map(UserRecord::email).orElse(EmailAddresses.normalize(s.email()));
              MagicLinkTokens.Issued issued =
                  tokens.issue(canonical, address, s.bindingHash(), now);
              mailer.send(
                  tx,
                  new LinkMailer.Mail(
                      address,
                      TemplateNames.MAGIC_LINK,
                      MagicLinkSettings.MAGIC_LINK,
                      null,
                      issued.token(),
                      ctx.config().get(MagicLinkSettings.MAGIC_LINK_TTL),
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
      GatehouseContext ctx, StoreTransaction tx, UserRecord user, Instant now) {
    if (user.emailVerified() && user.verified()) {
      return user;
    }
    tx.users().markVerified(user.publicId(), IdentifierKind.EMAIL, now);
    if (!user.emailVerified()) {
      ctx.writeBack()
          .record(
              tx,
              dev.gatehouse.core.migration.LegacyChange.Kind.VERIFIED,
              user,
              user.publicId(),
              null,
              now);
      ctx.events().publish(tx, new AuthEvent.EmailVerified(now, user.publicId()));
    }
    return user.toBuilder().verified(true).emailVerified(true).build();
  }
}
