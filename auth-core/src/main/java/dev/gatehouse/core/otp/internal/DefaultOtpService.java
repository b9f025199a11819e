package dev.gatehouse.core.otp.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.internal.AccountChanges;
import dev.gatehouse.core.internal.DeferredRequests;
import dev.gatehouse.core.internal.Outbox;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation;
import dev.gatehouse.core.otp.OtpService;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpCleanup;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.otp.OtpService.OtpSent;
import dev.gatehouse.core.otp.OtpService.OtpVerification;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.email.EmailRenderer;
import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailTemplates;
import dev.gatehouse.sms.SmsSender;
import dev.gatehouse.sms.SmsTemplates;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/** The {@link OtpService} the facade builds. Internal: not API. */
public final class DefaultOtpService implements OtpService {
  // One job each; the interface documents the API, this class delegates.
  private final OtpIssuer issuer;
  private final OtpVerifier verifier;
  private final PasswordlessLogin passwordless;
  private final OtpCleaner cleaner;
  private final dev.gatehouse.core.observe.GatehouseObserver observer;

  /** Built by the facade's wiring. */
  public DefaultOtpService(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SecretHasher secrets,
      PhoneNumbers phones,
      SecurityEvents events,
      SmsSender smsSender,
      EmailSender emailSender,
      SmsTemplates smsTemplates,
      EmailTemplates emailTemplates,
      Outbox outbox,
      EmailRenderer emailRenderer,
      GatehouseObserver observer,
      AccountChanges accountChanges,
      DeferredRequests deferred,
      SignInPipeline pipeline) {
    this.observer = observer;
    this.issuer =
        new OtpIssuer(
            config,
            clock,
            store,
            secrets,
            phones,
            outbox,
            deferred,
            new OtpLimits(config, secrets, phones),
            new OtpDelivery(
                config,
                smsSender,
                emailSender,
                smsTemplates,
                emailTemplates,
                outbox,
                emailRenderer));
    this.verifier = new OtpVerifier(config, clock, store, secrets, phones, events, accountChanges);
    this.passwordless =
        new PasswordlessLogin(
            config,
            clock,
            store,
            phones,
            events,
            accountChanges,
            pipeline,
            verifier,
            AccountFactory.of(config));
    this.cleaner = new OtpCleaner(config, clock, store);
  }

  @Override
  public OtpSent request(OtpRequest request) {
    requireNonNull(request, "request");
    return ObservedOperation.run(
        observer,
        ObservedOperation.CODE_REQUEST,
        java.util.Map.of(
            "channel",
            request.channel() == null ? "unknown" : request.channel().code(),
            "purpose",
            request.purpose() == null ? "unknown" : request.purpose().code()),
        r -> "success",
        () -> issuer.request(request));
  }

  @Override
  public OtpVerification verify(
      String destination, OtpChannel channel, OtpPurpose purpose, String code) {
    requireNonNull(channel, "channel");
    requireNonNull(purpose, "purpose");
    return verifier.verify(destination, channel, purpose, code);
  }

  @Override
  public SignInResult loginWithCode(
      String destination, OtpChannel channel, String code, @Nullable ClientInfo client) {
    requireNonNull(channel, "channel");
    return ObservedOperation.run(
        observer,
        ObservedOperation.SIGN_IN,
        ObservedOperation.signInTags("otp", false, "none"),
        SignInPipeline::outcomeOf,
        () -> passwordless.loginWithCode(destination, channel, code, client));
  }

  @Override
  public OtpCleanup cleanup() {
    return cleaner.cleanup();
  }
}
