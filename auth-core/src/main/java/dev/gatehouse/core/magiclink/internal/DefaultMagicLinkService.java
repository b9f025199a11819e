package dev.gatehouse.core.magiclink.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.MagicLinkSettings;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.IdentifierKind;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.internal.LinkMailer;
import dev.gatehouse.core.internal.NetworkLimits;
import dev.gatehouse.core.magiclink.MagicLinkService;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.ObservedOperation;
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

/** The {@link MagicLinkService} the facade builds. Internal: not API. */
public final class DefaultMagicLinkService implements MagicLinkService {
  /** The deferred request behind {@link #requestLink}. */
  static final String REQUEST = "magic_link_request";

  private final GatehouseContext ctx;

  private final GatehouseObserver observer;

  private final LinkMailer mailer;

  private final MagicLinkTokens tokens;

  private final SignInPipeline pipeline;

  private final AccountFactory factory;

  /** Built by the facade's wiring. */
  public DefaultMagicLinkService(GatehouseContext ctx, SessionStarter sessions) {
    this.ctx = requireNonNull(ctx, "ctx");
    this.observer = ctx.observer();
    this.mailer = new LinkMailer(ctx);
    this.tokens = new MagicLinkTokens(ctx);
    this.pipeline = new SignInPipeline(ctx, requireNonNull(sessions, "sessions"));
    this.factory = AccountFactory.of(ctx.config());
    ctx.deferred().register(REQUEST, this::requested);
  }

  @Override
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

  @Override
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

  @Override
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
