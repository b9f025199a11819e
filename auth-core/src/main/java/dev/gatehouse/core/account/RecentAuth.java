package dev.gatehouse.core.account;

import dev.gatehouse.core.account.Credentials.Snapshot;
import dev.gatehouse.core.account.LoginThrottle.Reservation;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.RejectedInputException;
import dev.gatehouse.core.event.RequestOrigin;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.otp.OtpChannel;
import dev.gatehouse.core.otp.OtpPurpose;
import dev.gatehouse.core.otp.OtpRequest;
import dev.gatehouse.core.otp.OtpSent;
import dev.gatehouse.core.otp.OtpService;
import dev.gatehouse.core.otp.OtpVerification;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.InvalidTokenException;
import dev.gatehouse.core.token.VerifiedAccessToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recent authentication for destructive operations: the caller's session must be alive, and the
 * caller must have signed in within {@code gatehouse.security.recent-auth-window} or give a fresh
 * password or one-time code.
 */
final class RecentAuth {
  private final GatehouseContext ctx;
  private final Credentials credentials;
  private final OtpService otp;

  RecentAuth(GatehouseContext ctx, Credentials credentials, OtpService otp) {
    this.ctx = ctx;
    this.credentials = credentials;
    this.otp = otp;
  }

  /** What a proven caller may act on: the account as read, and a password attempt to settle. */
  record Proven(UserRecord user, Snapshot snapshot, Reservation reservation) {
    @Override
    public String toString() {
      return "Proven[" + snapshot.userId() + "]";
    }
  }

  /** Where a reauthentication code goes: the account's own contact, proven ones first. */
  record Contact(OtpChannel channel, String address) {
    @Override
    public String toString() {
      return "Contact[" + channel + "]";
    }
  }

  static Optional<Contact> contact(UserRecord u) {
    if (u.email() != null && u.emailVerified()) {
      return Optional.of(new Contact(OtpChannel.EMAIL, u.email()));
    }
    if (u.phone() != null && u.phoneVerified()) {
      return Optional.of(new Contact(OtpChannel.SMS, u.phone()));
    }
    if (u.email() != null) {
      return Optional.of(new Contact(OtpChannel.EMAIL, u.email()));
    }
    return Optional.ofNullable(u.phone()).map(p -> new Contact(OtpChannel.SMS, p));
  }

  OtpSent requestCode(VerifiedAccessToken caller, ClientInfo client) {
    UserRecord u = liveCaller(caller, ctx.clock().instant());
    Contact c =
        contact(u)
            .orElseThrow(
                () ->
                    new RejectedInputException(
                        "no_contact", "the account has no email or phone to send a code to"));
    OtpRequest request =
        OtpRequest.of(c.address(), c.channel(), OtpPurpose.REAUTHENTICATE).withClient(client);
    if (u.language() != null && !u.language().isBlank()) {
      request = request.withLocale(Locale.forLanguageTag(u.language()));
    }
    return otp.request(request);
  }

  /**
   * Checks the caller's session and the proof.
   *
   * @throws InvalidTokenException {@code SESSION_ENDED} when the caller's session is over
   * @throws ReauthenticationRequiredException when the proof does not suffice
   */
  Proven require(VerifiedAccessToken caller, Reauthentication proof, ClientInfo client) {
    Instant now = ctx.clock().instant();
    UserRecord u = liveCaller(caller, now);
    Snapshot s = Snapshot.of(u, LoginThrottle.userBucket(u.publicId()));
    switch (proof.kind()) {
      case RECENT_SIGN_IN:
        Duration window = ctx.config().get(GatehouseConfig.RECENT_AUTH_WINDOW);
        Instant signedIn = caller.authTime().orElse(null);
        if (signedIn == null || signedIn.isBefore(now.minus(window))) {
          throw required(u, s);
        }
        return new Proven(u, s, Reservation.NONE);
      case PASSWORD:
        if (!s.hasUsablePassword()) {
          throw required(u, s);
        }
        credentials.checkPasswordShape(proof.secret());
        Reservation attempt = credentials.reserve(null, s.bucket(), now);
        if (!credentials.verifyAsTyped(proof.secret(), s).matched()) {
          RequestOrigin origin = ctx.origin(client);
          throw credentials.failed(attempt, s, now, "invalid_credentials", origin);
        }
        return new Proven(u, s, attempt);
      case CODE:
      default:
        Contact c = contact(u).orElseThrow(() -> required(u, s));
        OtpVerification v =
            otp.verify(c.address(), c.channel(), OtpPurpose.REAUTHENTICATE, proof.secret());
        if (!u.publicId().equals(v.userId())) {
          throw new RejectedInputException("invalid_code", "the code is wrong");
        }
        return new Proven(u, s, Reservation.NONE);
    }
  }

  /** Settles a password proof's reservation in the operation's transaction. */
  void settle(dev.gatehouse.core.store.StoreTransaction tx, Proven p) {
    credentials.settle(tx, p.reservation());
  }

  /**
   * The caller's account, if both it and the caller's session are alive.
   *
   * @throws InvalidTokenException {@code SESSION_ENDED} when the session is over
   */
  UserRecord liveCaller(VerifiedAccessToken caller, Instant now) {
    return ctx.store()
        .inTransaction(
            tx -> {
              boolean live =
                  tx.sessions()
                      .findSession(caller.sessionId())
                      .filter(x -> x.userPublicId().equals(caller.userPublicId()))
                      .filter(x -> x.liveAt(now))
                      .isPresent();
              if (!live) {
                throw new InvalidTokenException(InvalidTokenException.Reason.SESSION_ENDED);
              }
              return Credentials.live(tx, caller.userPublicId());
            });
  }

  private static ReauthenticationRequiredException required(UserRecord u, Snapshot s) {
    List<String> methods = new ArrayList<>(2);
    if (s.hasUsablePassword()) {
      methods.add(ReauthenticationRequiredException.METHOD_PASSWORD);
    }
    if (contact(u).isPresent()) {
      methods.add(ReauthenticationRequiredException.METHOD_CODE);
    }
    return new ReauthenticationRequiredException(methods);
  }
}
