package dev.gatehouse.core.otp;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.account.NewAccount;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.RequestOrigin;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.migration.LegacyChange;
import dev.gatehouse.core.otp.OtpVerifier.Checked;
import dev.gatehouse.core.otp.OtpVerifier.Verdict;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SecondFactorChallenge;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.SignIn;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Login, and sign-up when open, with a login code: {@link OtpService#loginWithCode}. */
final class PasswordlessLogin {
  // Logged under the facade's name, as before the split, so hosts' logging settings still apply.
  private static final Logger LOG = LoggerFactory.getLogger(OtpService.class);

  private final GatehouseContext ctx;
  private final SessionStarter sessions;
  private final OtpVerifier verifier;
  private final AccountFactory factory;

  PasswordlessLogin(
      GatehouseContext ctx, SessionStarter sessions, OtpVerifier verifier, AccountFactory factory) {
    this.ctx = ctx;
    this.sessions = sessions;
    this.verifier = verifier;
    this.factory = factory;
  }

  OtpLogin loginWithCode(String destination, OtpChannel channel, String code, ClientInfo client) {
    OtpTarget t = OtpTarget.of(ctx.phones(), channel, destination);
    String presented = verifier.requireCodeShape(code);
    ClientInfo who = client != null ? client : ClientInfo.web();
    Instant now = ctx.clock().instant();
    LoggedIn result =
        ctx.store()
            .inTransaction(
                tx -> {
                  Checked checked = verifier.check(tx, t, OtpPurpose.LOGIN, presented, now);
                  UserRecord user = t.owner(tx).orElse(null);
                  if (checked.verdict() != Verdict.OK) {
                    return LoggedIn.refused(checked, user);
                  }
                  boolean created = false;
                  if (user == null) {
                    if (!ctx.config().get(GatehouseConfig.OTP_SIGNUP_ALLOWED)) {
                      return LoggedIn.refused(new Checked(Verdict.INVALID, null), null);
                    }
                    user = signUp(tx, t, now);
                    created = true;
                  } else if (!user.active() || user.deleted()) {
                    return LoggedIn.refused(new Checked(Verdict.INVALID, null), user);
                  }
                  boolean newlyVerified = OtpVerifier.markVerified(tx, user, channel, now);
                  RequestOrigin origin = ClientInfo.originOf(ctx.config(), who);
                  if (created) {
                    ctx.writeBack()
                        .record(tx, LegacyChange.Kind.CREATED, null, user.publicId(), null, now);
                    ctx.events()
                        .publish(tx, new AuthEvent.Registered(now, user.publicId(), origin));
                  } else if (newlyVerified) {
                    ctx.writeBack()
                        .record(tx, LegacyChange.Kind.VERIFIED, user, user.publicId(), null, now);
                  }
                  if (newlyVerified) {
                    verifier.publishVerified(tx, channel, user.publicId(), now);
                  }
                  tx.users().recordLogin(user.publicId(), now);
                  SignIn signIn = sessions.signIn(tx, user, List.of("otp", channel.code()), who);
                  if (signIn.challenged()) {
                    return new LoggedIn(null, null, null, newlyVerified, signIn.challenge());
                  }
                  ctx.events()
                      .publish(tx, new AuthEvent.LoggedIn(now, user.publicId(), "otp", origin));
                  return new LoggedIn(
                      null,
                      null,
                      new OtpLogin(signIn.tokens(), user.publicId(), created),
                      newlyVerified,
                      null);
                });
    if (result.challenge() != null) {
      // The code was right; the session waits for the account's second factor.
      throw result.challenge().outcome();
    }
    if (result.login() == null) {
      AuthException refusal = verifier.refusal(result.refused(), t, OtpPurpose.LOGIN, now);
      ctx.events()
          .publish(new AuthEvent.LoginFailed(now, result.refusedUser(), refusal.code(), "otp"));
      throw refusal;
    }
    UUID id = result.login().userId();
    LOG.info("passwordless login by {} for user {}", channel.code(), id);
    return result.login();
  }

  /** A new account with only the proven destination (marked verified by the caller). */
  private UserRecord signUp(StoreTransaction tx, OtpTarget t, Instant now) {
    NewAccount.Builder account = NewAccount.builder(now);
    if (t.channel() == OtpChannel.SMS) {
      account.phone(t.destination());
    } else {
      account.email(t.address(), t.destination());
    }
    return factory.create(tx, account.build());
  }

  private record LoggedIn(
      Checked refused,
      UUID refusedUser,
      OtpLogin login,
      boolean newlyVerified,
      SecondFactorChallenge challenge) {
    static LoggedIn refused(Checked checked, UserRecord owner) {
      return new LoggedIn(checked, owner == null ? null : owner.publicId(), null, false, null);
    }
  }
}
