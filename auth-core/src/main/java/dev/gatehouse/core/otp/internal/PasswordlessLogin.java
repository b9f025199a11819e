package dev.gatehouse.core.otp.internal;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.internal.AccountChanges;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.otp.OtpService;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.internal.OtpVerifier.Checked;
import dev.gatehouse.core.otp.internal.OtpVerifier.Verdict;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Login, and sign-up when open, with a login code: {@link OtpService#loginWithCode}. */
final class PasswordlessLogin {
  // Logged under the facade's name, as before the split, so hosts' logging settings still apply.
  private static final Logger LOG = LoggerFactory.getLogger(OtpService.class);

  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final PhoneNumbers phones;
  private final SecurityEvents events;
  private final AccountChanges accountChanges;
  private final OtpVerifier verifier;
  private final AccountFactory factory;
  private final SignInPipeline pipeline;

  PasswordlessLogin(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      PhoneNumbers phones,
      SecurityEvents events,
      AccountChanges accountChanges,
      SignInPipeline pipeline,
      OtpVerifier verifier,
      AccountFactory factory) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.phones = phones;
    this.events = events;
    this.accountChanges = accountChanges;
    this.verifier = verifier;
    this.factory = factory;
    this.pipeline = pipeline;
  }

  SignInResult loginWithCode(
      String destination, OtpChannel channel, String code, ClientInfo client) {
    OtpTarget t = OtpTarget.of(phones, channel, destination);
    String presented = verifier.requireCodeShape(code);
    ClientInfo who = client != null ? client : ClientInfo.web();
    SignInResult result = pipeline.run(new CodeCheck(t, presented, who), who);
    if (result instanceof SignInResult.SignedIn in) {
      LOG.info("passwordless login by {} for user {}", channel.code(), in.userId());
    }
    return result;
  }

  /** The one-time code as a credential: right code, then the owner (or a new account). */
  private final class CodeCheck implements CredentialCheck {
    private final OtpTarget target;
    private final String presented;
    private final ClientInfo who;

    CodeCheck(OtpTarget target, String presented, ClientInfo who) {
      this.target = target;
      this.presented = presented;
      this.who = who;
    }

    @Override
    public String method() {
      return "otp";
    }

    @Override
    public Proof check(StoreTransaction tx, Instant now) {
      Checked checked = verifier.check(tx, target, OtpPurpose.LOGIN, presented, now);
      UserRecord user = target.owner(tx).orElse(null);
      if (checked.verdict() != Verdict.OK) {
        return refused(checked, user, now);
      }
      boolean created = false;
      if (user == null) {
        if (!config.get(OtpSettings.OTP_SIGNUP_ALLOWED)) {
          return refused(new Checked(Verdict.INVALID, null), null, now);
        }
        user = signUp(tx, target, now);
        created = true;
      } else if (!user.active() || user.deleted()) {
        return refused(new Checked(Verdict.INVALID, null), user, now);
      }
      OtpChannel channel = target.channel();
      boolean newlyVerified = OtpVerifier.markVerified(tx, user, channel, now);
      RequestOrigin origin = ClientInfo.originOf(config, who);
      if (created) {
        accountChanges.record(tx, AccountChange.Kind.CREATED, null, user.publicId(), null, now);
        events.publish(tx, new AuthEvent.Registered(now, user.publicId(), origin));
      } else if (newlyVerified) {
        accountChanges.record(tx, AccountChange.Kind.VERIFIED, user, user.publicId(), null, now);
      }
      if (newlyVerified) {
        verifier.publishVerified(tx, channel, user.publicId(), now);
      }
      // The answer shows the account as the code left it: proven on this channel.
      UserRecord proven =
          channel == OtpChannel.SMS
              ? user.toBuilder().verified(true).phoneVerified(true).build()
              : user.toBuilder().verified(true).emailVerified(true).build();
      return new Proven(proven, List.of("otp", channel.code()), created, false);
    }

    @Override
    public AuthException inactiveAccount(UserRecord user) {
      return verifier.refusal(
          new Checked(Verdict.INVALID, null), target, OtpPurpose.LOGIN, clock.instant());
    }

    private Proof refused(Checked checked, UserRecord owner, Instant now) {
      return new Refused(
          verifier.refusal(checked, target, OtpPurpose.LOGIN, now),
          owner == null ? null : owner.publicId());
    }
  }

  /** A new account with only the proven destination (marked verified by the caller). */
  private UserRecord signUp(StoreTransaction tx, OtpTarget t, Instant now) {
    UserRecord.Builder account = factory.newAccount(now);
    if (t.channel() == OtpChannel.SMS) {
      account.phone(t.destination());
    } else {
      account.email(t.address(), t.destination());
    }
    return factory.create(tx, account.build());
  }
}
