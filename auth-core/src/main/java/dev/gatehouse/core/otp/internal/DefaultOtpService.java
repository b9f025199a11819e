package dev.gatehouse.core.otp.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.observe.ObservedOperation;
import dev.gatehouse.core.otp.OtpChannel;
import dev.gatehouse.core.otp.OtpCleanup;
import dev.gatehouse.core.otp.OtpPurpose;
import dev.gatehouse.core.otp.OtpRequest;
import dev.gatehouse.core.otp.OtpSent;
import dev.gatehouse.core.otp.OtpService;
import dev.gatehouse.core.otp.OtpVerification;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.internal.SignInPipeline;
import org.jspecify.annotations.Nullable;

/** The {@link OtpService} the facade builds. Internal: not API. */
public final class DefaultOtpService implements OtpService {
  // One job each; this class only documents the API and delegates.
  private final OtpIssuer issuer;

  private final OtpVerifier verifier;

  private final PasswordlessLogin passwordless;

  private final OtpCleaner cleaner;

  private final dev.gatehouse.core.observe.GatehouseObserver observer;

  /** Built by the facade's wiring. */
  public DefaultOtpService(GatehouseContext ctx, SessionStarter sessions) {
    this.observer = ctx.observer();
    requireNonNull(ctx, "ctx");
    requireNonNull(sessions, "sessions");
    this.issuer = new OtpIssuer(ctx, new OtpLimits(ctx), new OtpDelivery(ctx));
    this.verifier = new OtpVerifier(ctx);
    this.passwordless =
        new PasswordlessLogin(ctx, sessions, verifier, AccountFactory.of(ctx.config()));
    this.cleaner = new OtpCleaner(ctx);
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
