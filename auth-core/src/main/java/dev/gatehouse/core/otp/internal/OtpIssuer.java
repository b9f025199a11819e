package dev.gatehouse.core.otp.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.internal.DeferredRequests;
import dev.gatehouse.core.internal.OneTimeMarker;
import dev.gatehouse.core.internal.Outbox;
import dev.gatehouse.core.otp.OtpService;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.otp.OtpService.OtpSent;
import dev.gatehouse.core.otp.internal.OtpDelivery.Outgoing;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.OtpCodeStore.NewOtpCode;
import dev.gatehouse.core.store.OtpCodeStore.OtpCode;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issuing a code: {@link OtpService#request}. The request runs the admission that does not depend
 * on an account (cooldown claim, abuse limits) and records a deferred request in the outbox, in one
 * transaction, and answers; a delivery worker then looks the destination's account up and, where a
 * code may be sent, stores the code and records its message, which the dispatcher sends. So the
 * request's statements and time are the same whether the destination has an account or not (issue
 * 36, finding 2).
 */
final class OtpIssuer {
  // Logged under the facade's name, as before the split, so hosts' logging settings still apply.
  private static final Logger LOG = LoggerFactory.getLogger(OtpService.class);

  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final SecretHasher secrets;
  private final PhoneNumbers phones;
  private final Outbox outbox;
  private final DeferredRequests deferred;
  private final OtpLimits limits;
  private final OtpDelivery delivery;

  /** The deferred request behind {@link #request}. */
  static final String CODE_REQUEST = "otp_code_request";

  OtpIssuer(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SecretHasher secrets,
      PhoneNumbers phones,
      Outbox outbox,
      DeferredRequests deferred,
      OtpLimits limits,
      OtpDelivery delivery) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.secrets = secrets;
    this.phones = phones;
    this.outbox = outbox;
    this.deferred = deferred;
    this.limits = limits;
    this.delivery = delivery;
    deferred.register(CODE_REQUEST, this::issueDeferred);
  }

  OtpSent request(OtpRequest request) {
    OtpPurpose purpose = request.purpose();
    OtpTarget.requireChannelFits(purpose, request.channel());
    OtpTarget target = OtpTarget.of(phones, request.channel(), request.destination());
    ClientInfo client = request.client() != null ? request.client() : ClientInfo.web();
    Duration ttl = config.get(OtpSettings.OTP_TTL);
    Locale locale =
        request.locale() != null ? request.locale() : delivery.defaultLocale(target.channel());
    String code = SecretHasher.newNumericCode(config.get(OtpSettings.OTP_LENGTH));
    // Rendered and sealed before anything is written, so a template problem has no side effect.
    Outgoing outgoing = delivery.render(target, purpose, locale, code, ttl);
    Outbox.Sealed sealed = delivery.seal(target, purpose, code, outgoing);
    OtpSent answer =
        new OtpSent(
            target.masked(), target.channel(), ttl, config.get(OtpSettings.OTP_RESEND_COOLDOWN));

    Instant now = clock.instant();
    // The admission and the deferred request are one transaction: nothing survives a rolled-back
    // host transaction. The code and its message come from the worker that takes the request.
    String deferredRequest =
        String.join(
            "\n",
            target.channel().code(),
            purpose.code(),
            locale.toLanguageTag(),
            target.destination());
    Admission admission =
        store.inTransaction(
            tx -> {
              Admission a = admit(tx, target, purpose, client, outgoing, now);
              if (a.outcome() == Outcome.SEND) {
                deferred.enqueue(
                    outbox,
                    tx,
                    CODE_REQUEST,
                    (a.claimKey() == null ? "" : a.claimKey()) + "\n" + deferredRequest,
                    now);
              }
              return a;
            });
    switch (admission.outcome()) {
      case COOLDOWN:
        throw new RateLimitedException(
            ErrorCode.OTP_COOLDOWN,
            "a code was sent to this destination moments ago; wait before asking again",
            admission.retryAfter());
      case BLOCKED:
        throw new RateLimitedException(
            ErrorCode.RATE_LIMITED,
            "too many codes were requested; try again later",
            admission.retryAfter());
      case SEND:
      default:
        return answer;
    }
  }

  private Admission admit(
      StoreTransaction tx,
      OtpTarget t,
      OtpPurpose purpose,
      ClientInfo client,
      Outgoing outgoing,
      Instant now) {
    Duration cooldown = config.get(OtpSettings.OTP_RESEND_COOLDOWN);
    OneTimeMarker claim = null;
    if (!cooldown.isZero()) {
      Instant last =
          tx.otpCodes()
              .latest(t.destination(), t.channel().code(), purpose.code())
              .map(OtpCode::lastSentAt)
              .orElse(null);
      if (last != null && now.isBefore(last.plus(cooldown))) {
        return Admission.refused(Outcome.COOLDOWN, OtpTarget.until(now, last.plus(cooldown)));
      }
      // The claim makes the cooldown atomic: of concurrent duplicates, only the first passes,
      // even before its code row exists.
      claim =
          OneTimeMarker.of(
              Counters.OTP_COOLDOWN,
              cooldown,
              t.channel().code(),
              purpose.code(),
              limits.destinationHash(t));
      Optional<Instant> claimed = claim.spend(tx, now);
      if (claimed.isPresent()) {
        return Admission.refused(
            Outcome.COOLDOWN, OtpTarget.until(now, claimed.get().plus(cooldown)));
      }
    }
    Optional<OtpLimits.Exceeded> exceeded = limits.count(tx, t, client, now);
    if (exceeded.isPresent()) {
      if (claim != null) {
        // Nothing was sent, so no cooldown: a retry gets this same limit answer.
        claim.release(tx);
      }
      String limit = exceeded.get().name();
      delivery.logBlocked(tx, t, purpose, outgoing, "blocked by the " + limit + " limit", now);
      LOG.info(
          "OTP {} for {} to {} blocked by the {} limit",
          t.channel().code(),
          purpose.code(),
          t.masked(),
          limit);
      return Admission.refused(Outcome.BLOCKED, exceeded.get().retryAfter());
    }
    return Admission.send(claim == null ? null : claim.key());
  }

  /**
   * A code request, on a delivery worker: the destination's account decides whether a code is sent
   * (an active account, or a sign-up by code where that is open); the code and its message are
   * stored in the transaction that settles the request.
   */
  private void issueDeferred(String request, Instant now, Predicate<StoreTransaction> settle) {
    String[] part = request.split("\n", 5);
    String claimKey = part[0].isEmpty() ? null : part[0];
    OtpChannel channel = OtpChannel.parse(part[1]);
    OtpPurpose purpose = OtpPurpose.parse(part[2]);
    Locale locale = Locale.forLanguageTag(part[3]);
    OtpTarget t = OtpTarget.of(phones, channel, part[4]);
    Duration ttl = config.get(OtpSettings.OTP_TTL);
    String code = SecretHasher.newNumericCode(config.get(OtpSettings.OTP_LENGTH));
    Outgoing outgoing = delivery.render(t, purpose, locale, code, ttl);
    Outbox.Sealed sealed = delivery.seal(t, purpose, code, outgoing);
    store.inTransaction(
        tx -> {
          if (!settle.test(tx)) {
            return null;
          }
          UserRecord owner = t.owner(tx).orElse(null);
          boolean usable = owner != null && owner.active() && !owner.deleted();
          boolean signUp =
              purpose == OtpPurpose.LOGIN
                  && owner == null
                  && config.get(OtpSettings.OTP_SIGNUP_ALLOWED);
          if (purpose.needsOwner() && !usable && !signUp) {
            // The request was answered like any other; the operator still sees the attempt.
            delivery.logBlocked(
                tx,
                t,
                purpose,
                outgoing,
                "no active account for this destination and sign-up by code is closed",
                now);
            return null;
          }
          issue(
              tx,
              t,
              purpose,
              code,
              ttl,
              sealed,
              claimKey,
              owner == null ? null : owner.publicId(),
              now);
          return null;
        });
  }

  /**
   * Stores the code and records its message in the outbox. If no provider accepts the message, the
   * dispatcher drops the code and frees the cooldown claim.
   */
  private void issue(
      StoreTransaction tx,
      OtpTarget t,
      OtpPurpose purpose,
      String code,
      Duration ttl,
      Outbox.Sealed sealed,
      String claimKey,
      UUID ownerId,
      Instant now) {
    String codeHash = secrets.hash(t.binding(purpose), code);
    int maxAttempts = config.get(OtpSettings.OTP_MAX_ATTEMPTS);
    // Verification checks only the newest code of a binding, so from now on this one counts. Older
    // codes are retired when this one is delivered; if its delivery fails for good, it is dropped
    // and the previous code is the newest again.
    long codeId =
        tx.otpCodes()
            .create(
                new NewOtpCode(
                    ownerId,
                    t.channel().code(),
                    t.destination(),
                    purpose.code(),
                    codeHash,
                    now.plus(ttl),
                    maxAttempts,
                    now));
    delivery.enqueue(tx, t, purpose, sealed, codeId, claimKey, now);
  }

  private enum Outcome {
    SEND,
    COOLDOWN,
    BLOCKED
  }

  private record Admission(Outcome outcome, Duration retryAfter, String claimKey) {
    static Admission refused(Outcome outcome, Duration retryAfter) {
      return new Admission(outcome, retryAfter, null);
    }

    static Admission send(String claimKey) {
      return new Admission(Outcome.SEND, Duration.ZERO, claimKey);
    }
  }
}
