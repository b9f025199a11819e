package dev.gatehouse.magiclink;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.store.OtpCodeStore.OtpCode;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The emailed link, or its code, as a credential: each works once (the link's use ends its code
 * too), then the address's account signs in (or is created, when sign-up by link is open).
 */
abstract sealed class LinkCheck implements CredentialCheck {
  /** The method events and metrics name. */
  static final String METHOD = "magic_link";

  /** How the user authenticated: a secret sent to their mailbox. */
  private static final List<String> AMR = List.of("link", "email");

  final SignInContext context;
  final MagicLinkTokens tokens;
  private final ClientInfo client;

  LinkCheck(SignInContext context, MagicLinkTokens tokens, @Nullable ClientInfo client) {
    this.context = context;
    this.tokens = tokens;
    this.client = client == null ? ClientInfo.web() : client;
  }

  @Override
  public String method() {
    return METHOD;
  }

  /** The refusal for anything wrong with this credential, whatever it was. */
  abstract AuthException refusal();

  @Override
  public AuthException inactiveAccount(UserRecord user) {
    return refusal();
  }

  /** The address's account, after the credential was spent: proven, created, or refused. */
  Proof owner(StoreTransaction tx, String canonical, String address, Instant now) {
    Optional<UserRecord> found = tx.users().findByEmail(canonical);
    if (found.isEmpty()) {
      if (!context.config().get(MagicLinkSettings.MAGIC_LINK_SIGNUP_ALLOWED)) {
        return new Refused(refusal(), null);
      }
      UserRecord created =
          context
              .capability(ModuleAccounts.class)
              .createAccount(
                  tx,
                  DefaultMagicLinkService.newAccount(context.config(), canonical, address, now));
      context
          .capability(ModuleAccounts.class)
          .accountChanged(tx, AccountChange.Kind.CREATED, null, created.publicId(), now);
      context
          .capability(ModuleAudit.class)
          .publish(
              tx,
              new AuthEvent.Registered(
                  now, created.publicId(), ClientInfo.originOf(context.config(), client)));
      return new Proven(created, AMR, true, false);
    }
    UserRecord user = found.get();
    if (!user.active() || user.deleted()) {
      return new Refused(refusal(), user.publicId());
    }
    return new Proven(
        DefaultMagicLinkService.proveMailbox(context, tx, user, now), AMR, false, false);
  }

  /** {@return the address the credential was sent to, canonical} */
  abstract String canonical();

  @Override
  public Optional<UserRecord> named(StoreTransaction tx) {
    return tx.users().findByEmail(canonical());
  }

  /** The link itself, opened and bound-checked before the transaction. */
  static final class ByLink extends LinkCheck {
    private final MagicLinkTokens.Link link;

    ByLink(
        SignInContext context,
        MagicLinkTokens tokens,
        MagicLinkTokens.Link link,
        @Nullable ClientInfo client) {
      super(context, tokens, client);
      this.link = link;
    }

    @Override
    public Proof check(StoreTransaction tx, Instant now) {
      // Valid only while its stored row is the address's newest, unused and unexpired; spending it
      // spends its code too.
      if (!tokens.spendLink(tx, link, now)) {
        return new Refused(refusal(), null);
      }
      return owner(tx, link.canonical(), link.address(), now);
    }

    @Override
    String canonical() {
      return link.canonical();
    }

    @Override
    AuthException refusal() {
      return MagicLinkTokens.invalidLink();
    }
  }

  /**
   * The link's code, typed on any device. The attempt was already counted against the address and
   * the network ({@code DefaultMagicLinkService#admitCode}); here only the address's newest code
   * counts, and a wrong one is recorded against it (burning it at its cap) and against the hourly
   * total of every address, in Gatehouse's own transaction, so a host that rolls back the refusal
   * gives no attempt back.
   */
  static final class ByCode extends LinkCheck {
    private final String email;
    private final String canonical;
    private final String presented;

    ByCode(
        SignInContext context,
        MagicLinkTokens tokens,
        String email,
        String canonical,
        String presented,
        @Nullable ClientInfo client) {
      super(context, tokens, client);
      this.email = email;
      this.canonical = canonical;
      this.presented = presented;
    }

    @Override
    public Proof check(StoreTransaction tx, Instant now) {
      Optional<OtpCode> newest = tokens.newestCode(tx, canonical);
      if (newest.isEmpty()) {
        return new Refused(refusal(), null);
      }
      OtpCode row = newest.get();
      if (row.usedAt() != null || !row.expiresAt().isAfter(now)) {
        return new Refused(row.attempts() >= row.maxAttempts() ? burned() : refusal(), null);
      }
      if (!tokens.codeMatches(canonical, presented, row)) {
        int attempts =
            context
                .capability(ModuleLimits.class)
                .counting(
                    List.of(),
                    now,
                    own -> {
                      MagicLinkCounters.MAGIC_LINK_WRONG_CODES.record(context.config(), own, now);
                      return own.otpCodes().recordFailure(row.id(), now);
                    });
        return new Refused(attempts >= row.maxAttempts() ? burned() : refusal(), null);
      }
      if (!tx.otpCodes().consume(row.id(), now)) {
        // Another use spent it first, or concurrent wrong guesses burned it.
        return new Refused(refusal(), null);
      }
      tokens.spendLinkOfCode(tx, canonical, now);
      // A right code is no wrong guess: the attempt counted in advance is taken back.
      MagicLinkCounters.MAGIC_LINK_CODE_ATTEMPTS.giveBack(tx, tokens.attemptsPart(canonical));
      return owner(tx, canonical, EmailAddresses.normalize(email), now);
    }

    @Override
    String canonical() {
      return canonical;
    }

    @Override
    AuthException refusal() {
      return new RejectedInputException(ErrorCode.INVALID_CODE, "the code is wrong or expired");
    }

    private static RateLimitedException burned() {
      return new RateLimitedException(
          ErrorCode.RATE_LIMITED,
          "too many wrong codes for this link; use the link or ask for a new one",
          Duration.ZERO);
    }
  }
}
