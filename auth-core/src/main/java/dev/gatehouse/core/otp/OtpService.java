package dev.gatehouse.core.otp;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.AbstractEmailLog;
import dev.gatehouse.core.entity.AbstractOtpCode;
import dev.gatehouse.core.entity.AbstractSmsLog;
import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.entity.DeliveryLogBase;
import dev.gatehouse.core.entity.DeliveryStatus;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthInfrastructureException;
import dev.gatehouse.core.error.RateLimitedException;
import dev.gatehouse.core.error.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.internal.NewAccounts;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.TokenPair;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.CounterState;
import dev.gatehouse.email.EmailContent;
import dev.gatehouse.email.EmailMask;
import dev.gatehouse.email.EmailReceipt;
import dev.gatehouse.sms.PhoneMask;
import dev.gatehouse.sms.SmsDeliveryException;
import dev.gatehouse.sms.SmsMessage;
import dev.gatehouse.sms.SmsReceipt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-time codes by SMS or email, and passwordless login and sign-up with them. Obtained from
 * {@code Gatehouse.otp()}; thread-safe, and safe to use from several application instances that
 * share one database (every check-and-act is one atomic statement there).
 *
 * <pre>{@code
 * // POST /auth/otp/request/
 * OtpSent sent = gatehouse.otp().request(
 *     OtpRequest.of(body.phone(), OtpChannel.SMS, OtpPurpose.LOGIN).withClient(client));
 * // POST /auth/otp/verify/
 * OtpLogin login = gatehouse.otp().loginWithCode(body.phone(), OtpChannel.SMS, body.code(), client);
 * }</pre>
 *
 * <h2>Codes</h2>
 *
 * A code has {@link GatehouseConfig#OTP_LENGTH} digits from {@link java.security.SecureRandom} and
 * is stored only as an HMAC under the server key, over its binding ({@code
 * otp:<purpose>:<channel>:<destination>}) so that it can verify nothing else. A new code for a
 * binding invalidates the previous ones; a code is accepted at most once, until it expires, and is
 * burned after {@link GatehouseConfig#OTP_MAX_ATTEMPTS} wrong guesses.
 *
 * <h2>Errors and their HTTP meaning</h2>
 *
 * <table>
 *   <caption>error codes</caption>
 *   <tr><th>code</th><th>type</th><th>HTTP</th></tr>
 *   <tr><td>{@code invalid_phone}, {@code invalid_email}, {@code phone_country_not_allowed},
 *       {@code invalid_channel}, {@code invalid_purpose}, {@code invalid_code_format}</td>
 *       <td>{@link RejectedInputException}</td><td>400</td></tr>
 *   <tr><td>{@code otp_cooldown}, {@code rate_limited}</td>
 *       <td>{@link RateLimitedException}</td><td>429 + Retry-After</td></tr>
 *   <tr><td>{@code invalid_code}, {@code otp_expired}, {@code otp_used}</td>
 *       <td>{@link RejectedInputException}</td><td>401</td></tr>
 *   <tr><td>{@code code_burned}</td><td>{@link RateLimitedException}</td><td>429</td></tr>
 *   <tr><td>{@code delivery_failed}</td><td>{@link AuthInfrastructureException} (retryable)</td>
 *       <td>503</td></tr>
 * </table>
 *
 * <h2>Delivery and its failure</h2>
 *
 * {@link #request} runs in three steps: a short admission transaction (cooldown, abuse limits,
 * account lookup; a blocked request writes its {@code BLOCKED} log row here and never reaches the
 * provider), the provider call outside any transaction, then a record transaction. Only after the
 * provider accepted the message does the record transaction store the code (and invalidate older
 * ones) together with a {@code SENT} log row. If the provider fails, no code row is ever written:
 * the record transaction writes a {@code FAILED} log row and releases the cooldown claim so the
 * client may retry at once, and the call throws a retryable {@code delivery_failed}. Concurrent
 * duplicates of one request are serialised by the cooldown claim, an atomic counter taken in the
 * admission transaction, so a retried or double-submitted request sends at most one message per
 * cooldown.
 */
public final class OtpService {
  private static final Logger LOG = LoggerFactory.getLogger(OtpService.class);
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration DAY = Duration.ofDays(1);

  /** National digits kept for the SMS-pumping bucket, e.g. {@code +1415} or {@code +52551}. */
  static final int PREFIX_DIGITS = 3;

  private final GatehouseContext ctx;
  private final SessionStarter sessions;

  /**
   * @param ctx the shared wiring (internal)
   * @param sessions starts and ends sessions inside this service's flows
   */
  public OtpService(GatehouseContext ctx, SessionStarter sessions) {
    this.ctx = requireNonNull(ctx, "ctx");
    this.sessions = requireNonNull(sessions, "sessions");
  }

  // ---- request ----------------------------------------------------------------------------

  /**
   * Sends a new one-time code to a destination, replacing any earlier code for the same
   * destination, channel and purpose.
   *
   * <p>For {@link OtpPurpose#LOGIN} (while sign-up by code is closed) and {@link
   * OtpPurpose#RESET_PASSWORD}, a destination that belongs to no active account gets exactly the
   * same answer as a known one, counts against the same limits, and is sent nothing.
   *
   * @param request what to send where
   * @return what to tell the client; the same for known and unknown destinations
   * @throws RejectedInputException {@code invalid_phone}, {@code invalid_email}, {@code
   *     phone_country_not_allowed} or {@code invalid_channel} (the purpose does not travel over
   *     that channel)
   * @throws RateLimitedException {@code otp_cooldown} when a code for this binding was sent less
   *     than {@link GatehouseConfig#OTP_RESEND_COOLDOWN} ago; {@code rate_limited} when a limit per
   *     client IP, destination, number prefix or the daily SMS budget is exhausted. Both carry the
   *     retry-after.
   * @throws AuthInfrastructureException {@code delivery_failed} (retryable) when the provider did
   *     not accept the message; no usable code was left behind
   */
  public OtpSent request(OtpRequest request) {
    requireNonNull(request, "request");
    OtpPurpose purpose = request.purpose();
    requireChannelFits(purpose, request.channel());
    Target target = target(request.channel(), request.destination());
    ClientInfo client = request.client() != null ? request.client() : ClientInfo.web();
    GatehouseConfig config = ctx.config();
    Duration ttl = config.get(GatehouseConfig.OTP_TTL);
    Locale locale = request.locale() != null ? request.locale() : defaultLocale(target.channel());
    String code = SecretHasher.newNumericCode(config.get(GatehouseConfig.OTP_LENGTH));
    // Rendered before anything is written, so a template problem has no side effect.
    Outgoing outgoing = render(target, purpose, locale, code, ttl);
    OtpSent answer =
        new OtpSent(
            target.masked(),
            target.channel(),
            ttl,
            config.get(GatehouseConfig.OTP_RESEND_COOLDOWN));

    Instant now = ctx.clock().instant();
    Admission admission =
        ctx.store().inTransaction(tx -> admit(tx, target, purpose, client, outgoing, now));
    switch (admission.outcome()) {
      case COOLDOWN:
        throw new RateLimitedException(
            "otp_cooldown",
            "a code was sent to this destination moments ago; wait before asking again",
            admission.retryAfter());
      case BLOCKED:
        throw new RateLimitedException(
            "rate_limited",
            "too many codes were requested; try again later",
            admission.retryAfter());
      case SILENT:
        return answer;
      case SEND:
      default:
        deliver(target, purpose, code, ttl, outgoing, admission);
        return answer;
    }
  }

  private Admission admit(
      StoreTransaction tx,
      Target t,
      OtpPurpose purpose,
      ClientInfo client,
      Outgoing outgoing,
      Instant now) {
    GatehouseConfig config = ctx.config();
    Duration cooldown = config.get(GatehouseConfig.OTP_RESEND_COOLDOWN);
    String claimKey = null;
    if (!cooldown.isZero()) {
      Instant last =
          tx.latestOtpCode(t.destination(), t.channel().code(), purpose.code())
              .map(AbstractOtpCode::getLastSentAt)
              .orElse(null);
      if (last != null && now.isBefore(last.plus(cooldown))) {
        return Admission.refused(Outcome.COOLDOWN, until(now, last.plus(cooldown)));
      }
      // The claim makes the cooldown atomic: of concurrent duplicates, only the first passes,
      // even before its code row exists.
      claimKey = counterKey("otp:cooldown:" + t.channel().code() + ":" + purpose.code(), t);
      CounterState claim = tx.incrementCounter(claimKey, now, cooldown);
      if (claim.count() > 1) {
        return Admission.refused(Outcome.COOLDOWN, until(now, claim.windowStart().plus(cooldown)));
      }
    }
    if (config.get(GatehouseConfig.THROTTLE_ENABLED)) {
      for (Limit limit : limits(t, client)) {
        CounterState state = tx.incrementCounter(limit.key(), now, limit.window());
        if (state.count() > limit.max()) {
          if (claimKey != null) {
            // Nothing was sent, so no cooldown: a retry gets this same limit answer.
            tx.resetCounter(claimKey);
          }
          writeLog(
              tx,
              t,
              purpose,
              outgoing,
              DeliveryStatus.BLOCKED,
              providerName(t.channel()),
              null,
              "blocked by the " + limit.name() + " limit",
              now);
          LOG.info(
              "OTP {} for {} to {} blocked by the {} limit",
              t.channel().code(),
              purpose.code(),
              t.masked(),
              limit.name());
          return Admission.refused(
              Outcome.BLOCKED, until(now, state.windowStart().plus(limit.window())));
        }
      }
    }
    AuthUserBase owner = owner(tx, t).orElse(null);
    boolean usable = owner != null && owner.isActive() && !owner.isDeleted();
    boolean signUp =
        purpose == OtpPurpose.LOGIN
            && owner == null
            && config.get(GatehouseConfig.OTP_SIGNUP_ALLOWED);
    if (purpose.needsOwner() && !usable && !signUp) {
      // Same answer, same limits, nothing sent; the operator still sees the attempt.
      writeLog(
          tx,
          t,
          purpose,
          outgoing,
          DeliveryStatus.BLOCKED,
          providerName(t.channel()),
          null,
          "no active account for this destination and sign-up by code is closed",
          now);
      return Admission.silent();
    }
    return Admission.send(claimKey, owner == null ? null : owner.getPublicId());
  }

  private List<Limit> limits(Target t, ClientInfo client) {
    GatehouseConfig config = ctx.config();
    List<Limit> limits = new ArrayList<>();
    // The caller's own bucket first, so an abuser is stopped before they spend shared budgets.
    String ip = client.ipAddress();
    if (ip != null && !ip.isBlank()) {
      limits.add(
          new Limit(
              "per-IP",
              "otp:ip:" + ctx.secrets().hash("counter", ip.strip().toLowerCase(Locale.ROOT)),
              HOUR,
              config.get(GatehouseConfig.OTP_MAX_PER_IP)));
    }
    limits.add(
        new Limit(
            "per-destination",
            counterKey("otp:dest:" + t.channel().code(), t),
            HOUR,
            config.get(GatehouseConfig.OTP_MAX_PER_DESTINATION)));
    if (t.channel() == OtpChannel.SMS) {
      limits.add(
          new Limit(
              "number-prefix",
              "sms:prefix:" + ctx.phones().prefixOf(t.destination(), PREFIX_DIGITS),
              HOUR,
              config.get(GatehouseConfig.SMS_MAX_PER_PREFIX)));
      limits.add(
          new Limit("daily SMS", "sms:daily", DAY, config.get(GatehouseConfig.SMS_DAILY_LIMIT)));
    }
    return limits;
  }

  /** Destinations are personal data and may exceed the key column, so keys carry their HMAC. */
  private String counterKey(String prefix, Target t) {
    return prefix + ":" + ctx.secrets().hash("counter", t.destination());
  }

  private void deliver(
      Target t,
      OtpPurpose purpose,
      String code,
      Duration ttl,
      Outgoing outgoing,
      Admission admission) {
    Sent sent;
    try {
      sent = send(t, outgoing);
    } catch (RuntimeException e) {
      // Provider errors, timeouts and garbage answers all end here: no code row exists yet.
      failed(t, purpose, code, outgoing, admission, e);
      return; // not reached: failed(...) always throws
    }
    Instant sentAt = ctx.clock().instant();
    String codeHash = ctx.secrets().hash(binding(t, purpose), code);
    int maxAttempts = ctx.config().get(GatehouseConfig.OTP_MAX_ATTEMPTS);
    ctx.store()
        .inTransaction(
            tx -> {
              tx.invalidateOtpCodes(t.destination(), t.channel().code(), purpose.code(), sentAt);
              AbstractOtpCode<?> row = tx.newOtpCode();
              if (admission.ownerId() != null) {
                tx.findUserByPublicId(admission.ownerId()).ifPresent(u -> setOwner(row, u));
              }
              row.setChannel(t.channel().code());
              row.setDestination(t.destination());
              row.setPurpose(purpose.code());
              row.setCodeHash(codeHash);
              row.setExpiresAt(sentAt.plus(ttl));
              row.setMaxAttempts(maxAttempts);
              row.setAttempts(0);
              row.setLastSentAt(sentAt);
              row.setCreatedAt(sentAt);
              tx.insert(row);
              writeLog(
                  tx,
                  t,
                  purpose,
                  outgoing,
                  DeliveryStatus.SENT,
                  sent.provider(),
                  sent.messageId(),
                  null,
                  sentAt);
              return null;
            });
    LOG.info(
        "OTP {} for {} sent to {} through {}",
        t.channel().code(),
        purpose.code(),
        t.masked(),
        sent.provider());
  }

  private void failed(
      Target t,
      OtpPurpose purpose,
      String code,
      Outgoing outgoing,
      Admission admission,
      RuntimeException e) {
    String error = redact(describe(e), code);
    Instant at = ctx.clock().instant();
    AuthInfrastructureException failure =
        new AuthInfrastructureException(
            "delivery_failed",
            "the "
                + t.channel().code()
                + " provider did not accept the message; no code was issued",
            true,
            // A provider that echoed the message text would carry the code in its exception.
            mentions(e, code) ? null : e);
    try {
      ctx.store()
          .inTransaction(
              tx -> {
                writeLog(
                    tx,
                    t,
                    purpose,
                    outgoing,
                    DeliveryStatus.FAILED,
                    providerName(t.channel()),
                    null,
                    error,
                    at);
                if (admission.claimKey() != null) {
                  // Nothing arrived, so the client may retry at once.
                  tx.resetCounter(admission.claimKey());
                }
                return null;
              });
    } catch (RuntimeException logFailure) {
      failure.addSuppressed(logFailure);
    }
    LOG.warn(
        "OTP {} for {} to {} failed: {}", t.channel().code(), purpose.code(), t.masked(), error);
    throw failure;
  }

  private Sent send(Target t, Outgoing outgoing) {
    if (t.channel() == OtpChannel.SMS) {
      SmsReceipt r = ctx.smsSender().send(new SmsMessage(t.address(), outgoing.body(), null));
      return new Sent(r.provider(), r.providerMessageId());
    }
    EmailReceipt r =
        ctx.emailSender()
            .send(
                outgoing
                    .email()
                    .toMessage(t.address(), ctx.config().get(GatehouseConfig.DEFAULT_FROM_EMAIL)));
    return new Sent(r.provider(), r.providerMessageId());
  }

  private Outgoing render(
      Target t, OtpPurpose purpose, Locale locale, String code, Duration validity) {
    // The log copy is rendered with asterisks in place of the code rather than by replacing the
    // code in the text, which could also hit the same digits elsewhere in the message.
    String masked = "*".repeat(code.length());
    if (t.channel() == OtpChannel.SMS) {
      return new Outgoing(
          ctx.smsTemplates().render(purpose.code(), locale, code, validity).text(),
          ctx.smsTemplates().render(purpose.code(), locale, masked, validity).text(),
          null,
          null);
    }
    EmailContent content = ctx.emailTemplates().render(purpose.code(), locale, code, validity);
    EmailContent logged = ctx.emailTemplates().render(purpose.code(), locale, masked, validity);
    return new Outgoing(null, null, content, logged.subject());
  }

  private void writeLog(
      StoreTransaction tx,
      Target t,
      OtpPurpose purpose,
      Outgoing outgoing,
      DeliveryStatus status,
      String provider,
      String messageId,
      String error,
      Instant at) {
    DeliveryLogBase row;
    if (t.channel() == OtpChannel.SMS) {
      AbstractSmsLog sms = tx.newSmsLog();
      sms.setMessage(outgoing.loggedBody());
      row = sms;
    } else {
      AbstractEmailLog email = tx.newEmailLog();
      email.setSubject(outgoing.loggedSubject());
      row = email;
    }
    row.setMaskedDestination(t.masked());
    row.setTemplateName(purpose.code());
    row.setProvider(provider);
    row.setStatus(status);
    row.setProviderMessageId(messageId);
    row.setError(error);
    row.setCreatedAt(at);
    tx.insert(row);
  }

  private String providerName(OtpChannel channel) {
    return channel == OtpChannel.SMS
        ? ctx.smsSender().providerName()
        : ctx.emailSender().providerName();
  }

  private Locale defaultLocale(OtpChannel channel) {
    return channel == OtpChannel.SMS
        ? ctx.smsTemplates().defaultLocale()
        : ctx.emailTemplates().defaultLocale();
  }

  private static String describe(RuntimeException e) {
    StringBuilder s = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null) {
      s.append(": ").append(e.getMessage());
    }
    if (e instanceof SmsDeliveryException
        && ((SmsDeliveryException) e).providerErrorCode() != null) {
      s.append(" (provider error ")
          .append(((SmsDeliveryException) e).providerErrorCode())
          .append(')');
    }
    return s.toString();
  }

  private static String redact(String text, String code) {
    return text.replace(code, "*".repeat(code.length()));
  }

  private static boolean mentions(Throwable e, String code) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c.getMessage() != null && c.getMessage().contains(code)) {
        return true;
      }
      for (Throwable s : c.getSuppressed()) {
        if (mentions(s, code)) {
          return true;
        }
      }
    }
    return false;
  }

  // ---- verify -----------------------------------------------------------------------------

  /**
   * Checks and consumes a code. For {@link OtpPurpose#VERIFY_EMAIL} and {@link
   * OtpPurpose#VERIFY_PHONE}, the account that owns the destination (if any) is marked verified in
   * the same transaction and an {@code EmailVerified} or {@code PhoneVerified} event follows. For
   * the other purposes the caller applies the effect; {@link #loginWithCode} does it for logins.
   *
   * <p>A wrong code counts one attempt against the current code; the guess that reaches {@link
   * GatehouseConfig#OTP_MAX_ATTEMPTS} burns it, after which even the right code fails. Of many
   * concurrent verifications of the right code, on any number of instances, exactly one succeeds.
   *
   * @param destination the phone number or email address as typed
   * @param channel the channel the code was sent over
   * @param purpose the purpose it was requested for
   * @param code the code as the user typed it (surrounding whitespace is ignored)
   * @return the consumed binding and the destination's owner
   * @throws RejectedInputException {@code invalid_phone}, {@code invalid_email}, {@code
   *     invalid_channel}, {@code invalid_code_format} (not exactly {@link
   *     GatehouseConfig#OTP_LENGTH} digits: nothing counted), {@code invalid_code} (wrong, or no
   *     code for this binding), {@code otp_expired}, {@code otp_used}
   * @throws RateLimitedException {@code code_burned} when the attempts are exhausted; the
   *     retry-after says when a new code may be requested
   */
  public OtpVerification verify(
      String destination, OtpChannel channel, OtpPurpose purpose, String code) {
    requireNonNull(channel, "channel");
    requireNonNull(purpose, "purpose");
    requireChannelFits(purpose, channel);
    Target t = target(channel, destination);
    String presented = requireCodeShape(code);
    Instant now = ctx.clock().instant();
    Verified v =
        ctx.store()
            .inTransaction(
                tx -> {
                  Checked checked = check(tx, t, purpose, presented, now);
                  if (checked.verdict() != Verdict.OK) {
                    return new Verified(checked, null, false);
                  }
                  AuthUserBase owner = owner(tx, t).orElse(null);
                  boolean newlyVerified =
                      owner != null
                          && (purpose == OtpPurpose.VERIFY_EMAIL
                              || purpose == OtpPurpose.VERIFY_PHONE)
                          && markVerified(owner, channel, now);
                  return new Verified(
                      checked, owner == null ? null : owner.getPublicId(), newlyVerified);
                });
    if (v.checked().verdict() != Verdict.OK) {
      throw refusal(v.checked(), t, purpose, now);
    }
    if (v.newlyVerified()) {
      publishVerified(channel, v.userId(), now);
    }
    return new OtpVerification(t.destination(), channel, purpose, v.userId());
  }

  // ---- passwordless login -----------------------------------------------------------------

  /**
   * Verifies a {@link OtpPurpose#LOGIN} code and starts a session for the owner of the destination,
   * all in one transaction. When no account has the destination and {@link
   * GatehouseConfig#OTP_SIGNUP_ALLOWED} is on, the account is created first (a phone-only account
   * has no email at all), with its default profile. Either way the destination is marked verified.
   * Events {@code Registered} (for a new account), {@code PhoneVerified}/{@code EmailVerified}
   * (when it changed) and {@code LoggedIn} follow the commit. The session's {@code amr} is {@code
   * ["otp","sms"]} or {@code ["otp","email"]}.
   *
   * @param destination the phone number or email address as typed
   * @param channel the channel the code was sent over
   * @param code the code as the user typed it
   * @param client who is logging in, or {@code null} for a web client without details
   * @return the new session's tokens and who logged in
   * @throws RejectedInputException as {@link #verify}; also {@code invalid_code} when the account
   *     was disabled or deleted, or sign-up was closed, after the code was sent
   * @throws RateLimitedException {@code code_burned} as {@link #verify}
   */
  public OtpLogin loginWithCode(
      String destination, OtpChannel channel, String code, ClientInfo client) {
    requireNonNull(channel, "channel");
    Target t = target(channel, destination);
    String presented = requireCodeShape(code);
    ClientInfo who = client != null ? client : ClientInfo.web();
    Instant now = ctx.clock().instant();
    LoggedIn result =
        ctx.store()
            .inTransaction(
                tx -> {
                  Checked checked = check(tx, t, OtpPurpose.LOGIN, presented, now);
                  if (checked.verdict() != Verdict.OK) {
                    return LoggedIn.refused(checked);
                  }
                  AuthUserBase user = owner(tx, t).orElse(null);
                  boolean created = false;
                  if (user == null) {
                    if (!ctx.config().get(GatehouseConfig.OTP_SIGNUP_ALLOWED)) {
                      return LoggedIn.refused(new Checked(Verdict.INVALID, null));
                    }
                    user = signUp(tx, t, now);
                    created = true;
                  } else if (!user.isActive() || user.isDeleted()) {
                    return LoggedIn.refused(new Checked(Verdict.INVALID, null));
                  }
                  boolean newlyVerified = markVerified(user, channel, now);
                  user.setLastLoginAt(now);
                  TokenPair tokens = sessions.start(tx, user, List.of("otp", channel.code()), who);
                  return new LoggedIn(
                      null, new OtpLogin(tokens, user.getPublicId(), created), newlyVerified);
                });
    if (result.login() == null) {
      throw refusal(result.refused(), t, OtpPurpose.LOGIN, now);
    }
    UUID id = result.login().userId();
    if (result.login().created()) {
      ctx.events().publish(new AuthEvent.Registered(now, id));
    }
    if (result.newlyVerified()) {
      publishVerified(channel, id, now);
    }
    ctx.events().publish(new AuthEvent.LoggedIn(now, id, "otp"));
    LOG.info("passwordless login by {} for user {}", channel.code(), id);
    return result.login();
  }

  private AuthUserBase signUp(StoreTransaction tx, Target t, Instant now) {
    AuthUserBase user = tx.newUser();
    if (t.channel() == OtpChannel.SMS) {
      user.setPhone(t.destination());
    } else {
      user.setEmail(t.address(), t.destination());
    }
    user.touch(now);
    tx.insert(user);
    tx.flush();
    NewAccounts.addDefaultProfile(tx, user, ctx.config(), now);
    return user;
  }

  /** Marks the channel's identifier proven; answers whether anything changed. */
  private static boolean markVerified(AuthUserBase user, OtpChannel channel, Instant now) {
    boolean already = channel == OtpChannel.SMS ? user.isPhoneVerified() : user.isEmailVerified();
    if (already && user.isVerified()) {
      return false;
    }
    if (channel == OtpChannel.SMS) {
      user.setPhoneVerified(true);
    } else {
      user.setEmailVerified(true);
    }
    user.setVerified(true);
    user.touch(now);
    return !already;
  }

  private void publishVerified(OtpChannel channel, UUID userId, Instant now) {
    ctx.events()
        .publish(
            channel == OtpChannel.SMS
                ? new AuthEvent.PhoneVerified(now, userId)
                : new AuthEvent.EmailVerified(now, userId));
  }

  /**
   * The one place a presented code is judged. Only the newest code of a binding counts; a wrong
   * guess is counted (and burns the code at its cap) in this transaction, which the caller commits
   * before throwing.
   */
  private Checked check(
      StoreTransaction tx, Target t, OtpPurpose purpose, String presented, Instant now) {
    Optional<AbstractOtpCode<?>> latest =
        tx.latestOtpCode(t.destination(), t.channel().code(), purpose.code());
    if (latest.isEmpty()) {
      return new Checked(Verdict.INVALID, null);
    }
    AbstractOtpCode<?> row = latest.get();
    Instant lastSent = row.getLastSentAt();
    boolean matches = ctx.secrets().matches(binding(t, purpose), presented, row.getCodeHash());
    if (row.getUsedAt() != null) {
      if (row.getAttempts() >= row.getMaxAttempts()) {
        return new Checked(Verdict.BURNED, lastSent);
      }
      return new Checked(matches ? Verdict.USED : Verdict.INVALID, lastSent);
    }
    if (!row.getExpiresAt().isAfter(now)) {
      return new Checked(Verdict.EXPIRED, lastSent);
    }
    if (!matches) {
      int attempts = tx.recordOtpFailure(row.getId(), now);
      return new Checked(
          attempts >= row.getMaxAttempts() ? Verdict.BURNED : Verdict.INVALID, lastSent);
    }
    if (!tx.consumeOtpCode(row.getId(), now)) {
      // Another verification consumed it first (or a concurrent wrong guess burned it).
      return new Checked(Verdict.USED, lastSent);
    }
    return new Checked(Verdict.OK, lastSent);
  }

  private AuthException refusal(Checked checked, Target t, OtpPurpose purpose, Instant now) {
    LOG.info(
        "OTP {} for {} to {} refused: {}",
        t.channel().code(),
        purpose.code(),
        t.masked(),
        checked.verdict());
    switch (checked.verdict()) {
      case BURNED:
        Duration cooldown = ctx.config().get(GatehouseConfig.OTP_RESEND_COOLDOWN);
        Duration wait =
            checked.lastSentAt() == null
                ? Duration.ZERO
                : until(now, checked.lastSentAt().plus(cooldown));
        return new RateLimitedException(
            "code_burned", "too many wrong codes; request a new code", wait);
      case EXPIRED:
        return new RejectedInputException("otp_expired", "the code has expired; request a new one");
      case USED:
        return new RejectedInputException("otp_used", "the code was already used");
      case INVALID:
      default:
        return new RejectedInputException(
            "invalid_code", "the code is not valid for this destination and purpose");
    }
  }

  private String requireCodeShape(String code) {
    int length = ctx.config().get(GatehouseConfig.OTP_LENGTH);
    String c = code == null ? "" : code.strip();
    if (c.length() != length || !c.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new RejectedInputException(
          "invalid_code_format", "the code must be exactly " + length + " digits");
    }
    return c;
  }

  // ---- cleanup ----------------------------------------------------------------------------

  /**
   * Deletes codes that expired or were used, and SMS and email log rows, older than {@link
   * GatehouseConfig#LOG_RETENTION}, in transactions of at most {@link
   * GatehouseConfig#CLEANUP_BATCH_SIZE} rows each. Safe to run on several instances at once: each
   * batch deletes by key, so rows another instance deleted first are simply not counted. A host
   * schedules it (hourly is plenty).
   *
   * @return how many rows this call deleted
   * @throws AuthInfrastructureException when the database fails; batches already done stay done
   */
  public OtpCleanup cleanup() {
    Instant cutoff = ctx.clock().instant().minus(ctx.config().get(GatehouseConfig.LOG_RETENTION));
    int batch = ctx.config().get(GatehouseConfig.CLEANUP_BATCH_SIZE);
    OtpCleanup done =
        new OtpCleanup(
            drain(tx -> tx.deleteOtpCodesBefore(cutoff, batch)),
            drain(tx -> tx.deleteSmsLogsBefore(cutoff, batch)),
            drain(tx -> tx.deleteEmailLogsBefore(cutoff, batch)));
    LOG.info("OTP cleanup before {} deleted {}", cutoff, done);
    return done;
  }

  private int drain(Function<StoreTransaction, Integer> batch) {
    int total = 0;
    int n;
    do {
      n = ctx.store().inTransaction(batch);
      total += n;
    } while (n > 0);
    return total;
  }

  // ---- shared -----------------------------------------------------------------------------

  private static void requireChannelFits(OtpPurpose purpose, OtpChannel channel) {
    requireNonNull(channel, "channel");
    if (!purpose.allows(channel)) {
      throw new RejectedInputException(
          "invalid_channel", "a " + purpose.code() + " code cannot be sent by " + channel.code());
    }
  }

  private Target target(OtpChannel channel, String raw) {
    requireNonNull(channel, "channel");
    if (channel == OtpChannel.SMS) {
      String e164 = ctx.phones().normalize(raw);
      return new Target(channel, e164, e164, PhoneMask.mask(e164));
    }
    String normalized = EmailAddresses.normalize(raw);
    String canonical = normalized.toLowerCase(Locale.ROOT);
    return new Target(channel, canonical, normalized, EmailMask.mask(canonical));
  }

  private static Optional<AuthUserBase> owner(StoreTransaction tx, Target t) {
    return t.channel() == OtpChannel.SMS
        ? tx.findUserByPhone(t.destination())
        : tx.findUserByEmail(t.destination());
  }

  /** The HMAC purpose that binds a code to its destination, channel and purpose. */
  private static String binding(Target t, OtpPurpose purpose) {
    return "otp:" + purpose.code() + ":" + t.channel().code() + ":" + t.destination();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void setOwner(AbstractOtpCode<?> row, AuthUserBase user) {
    // The host's code class is declared with its own user class, which this user is.
    ((AbstractOtpCode) row).setUser(user);
  }

  /** Time from {@code now} until {@code then}, rounded up to whole seconds, never negative. */
  private static Duration until(Instant now, Instant then) {
    Duration d = Duration.between(now, then);
    if (d.isNegative() || d.isZero()) {
      return Duration.ZERO;
    }
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Duration.ofSeconds(seconds);
  }

  /**
   * A normalised destination.
   *
   * @param destination the key codes and accounts are found by: E.164 or canonical email
   * @param address what the provider receives: E.164 or the email as typed (domain lower-cased)
   * @param masked for logs
   */
  private record Target(OtpChannel channel, String destination, String address, String masked) {
    @Override
    public String toString() {
      return "Target[" + channel + " " + masked + "]";
    }
  }

  /** The rendered message and its code-free copy for the log. */
  private record Outgoing(
      String body, String loggedBody, EmailContent email, String loggedSubject) {
    @Override
    public String toString() {
      return "Outgoing[...]";
    }
  }

  private record Sent(String provider, String messageId) {}

  private record Limit(String name, String key, Duration window, int max) {}

  private enum Outcome {
    SEND,
    SILENT,
    COOLDOWN,
    BLOCKED
  }

  private record Admission(Outcome outcome, Duration retryAfter, String claimKey, UUID ownerId) {
    static Admission refused(Outcome outcome, Duration retryAfter) {
      return new Admission(outcome, retryAfter, null, null);
    }

    static Admission silent() {
      return new Admission(Outcome.SILENT, Duration.ZERO, null, null);
    }

    static Admission send(String claimKey, UUID ownerId) {
      return new Admission(Outcome.SEND, Duration.ZERO, claimKey, ownerId);
    }
  }

  private enum Verdict {
    OK,
    INVALID,
    USED,
    EXPIRED,
    BURNED
  }

  private record Checked(Verdict verdict, Instant lastSentAt) {}

  private record Verified(Checked checked, UUID userId, boolean newlyVerified) {}

  private record LoggedIn(Checked refused, OtpLogin login, boolean newlyVerified) {
    static LoggedIn refused(Checked checked) {
      return new LoggedIn(checked, null, false);
    }
  }
}
