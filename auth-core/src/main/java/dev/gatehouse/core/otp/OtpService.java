package dev.gatehouse.core.otp;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.delivery.TemplateNames;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

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
 * SignInResult login =
 *     gatehouse.otp().loginWithCode(body.phone(), OtpChannel.SMS, body.code(), client);
 * }</pre>
 *
 * <h2>Codes</h2>
 *
 * A code has {@link OtpSettings#OTP_LENGTH} digits from {@link java.security.SecureRandom} and is
 * stored only as an HMAC under the server key, over its binding ({@code
 * otp:<purpose>:<channel>:<destination>}) so that it can verify nothing else. A new code for a
 * binding invalidates the previous ones; a code is accepted at most once, until it expires, and is
 * burned after {@link OtpSettings#OTP_MAX_ATTEMPTS} wrong guesses.
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
 * </table>
 *
 * <h2>Delivery and its failure</h2>
 *
 * {@link #request} runs in one transaction (the host's, when Gatehouse joined one): cooldown, abuse
 * limits and account lookup (a blocked request writes its {@code BLOCKED} log row and nothing
 * else), then the code (invalidating older ones) and its message in the outbox. The request never
 * waits for a provider: the delivery dispatcher sends the message after commit and writes a log row
 * per attempt. If no provider accepts it, the dispatcher drops the code and releases the cooldown
 * claim, so the client may ask again at once. Concurrent duplicates of one request are serialised
 * by the cooldown claim, an atomic counter, so a retried or double-submitted request sends at most
 * one message per cooldown.
 */
public interface OtpService {
  /**
   * Sends a new one-time code to a destination, replacing any earlier code for the same
   * destination, channel and purpose.
   *
   * <p>For {@link OtpPurpose#LOGIN} (while sign-up by code is closed) and {@link
   * OtpPurpose#RESET_PASSWORD}, a destination that belongs to no active account gets exactly the
   * same answer as a known one, counts against the same limits, and is sent nothing. It also takes
   * the same time: the request checks the cooldown and the limits and records itself (one outbox
   * entry, in the caller's transaction when Gatehouse joined one); a delivery worker then looks the
   * destination's account up and stores and sends the code, after the answer.
   *
   * @param request what to send where
   * @return what to tell the client; the same for known and unknown destinations
   * @throws RejectedInputException {@code invalid_phone}, {@code invalid_email}, {@code
   *     phone_country_not_allowed} or {@code invalid_channel} (the purpose does not travel over
   *     that channel)
   * @throws RateLimitedException {@code otp_cooldown} when a code for this binding was sent less
   *     than {@link OtpSettings#OTP_RESEND_COOLDOWN} ago; {@code rate_limited} when a limit per
   *     client IP, destination, number prefix or the daily SMS budget is exhausted. Both carry the
   *     retry-after.
   * @throws AuthInfrastructureException {@code storage_failed} when the database fails
   */
  OtpSent request(OtpRequest request);

  /**
   * Checks and consumes a code. For {@link OtpPurpose#VERIFY_EMAIL} and {@link
   * OtpPurpose#VERIFY_PHONE}, the account that owns the destination (if any) is marked verified in
   * the same transaction and an {@code EmailVerified} or {@code PhoneVerified} event follows. For
   * the other purposes the caller applies the effect; {@link #loginWithCode} does it for logins.
   *
   * <p>A wrong code counts one attempt against the current code. As jb-drf-auth counts, the code
   * allows {@link OtpSettings#OTP_MAX_ATTEMPTS} wrong attempts: each of them is refused as {@code
   * invalid_code}, the last one also burns the code, and the attempt after it, even with the right
   * code, is refused as {@code code_burned}. Of many concurrent verifications of the right code, on
   * any number of instances, exactly one succeeds.
   *
   * @param destination the phone number or email address as typed
   * @param channel the channel the code was sent over
   * @param purpose the purpose it was requested for
   * @param code the code as the user typed it (surrounding whitespace is ignored)
   * @return the consumed binding and the destination's owner
   * @throws RejectedInputException {@code invalid_phone}, {@code invalid_email}, {@code
   *     invalid_channel}, {@code invalid_code_format} (not exactly {@link OtpSettings#OTP_LENGTH}
   *     digits: nothing counted), {@code invalid_code} (wrong, or no code for this binding), {@code
   *     otp_expired}, {@code otp_used}
   * @throws RateLimitedException {@code code_burned} when the attempts are exhausted; the
   *     retry-after says when a new code may be requested
   */
  OtpVerification verify(String destination, OtpChannel channel, OtpPurpose purpose, String code);

  /**
   * Verifies a {@link OtpPurpose#LOGIN} code and starts a session for the owner of the destination,
   * all in one transaction. When no account has the destination and {@link
   * OtpSettings#OTP_SIGNUP_ALLOWED} is on, the account is created first (a phone-only account has
   * no email at all), with its default profile. Either way the destination is marked verified.
   * Events {@code Registered} (for a new account), {@code PhoneVerified}/{@code EmailVerified}
   * (when it changed) and {@code LoggedIn} follow the commit. The session's {@code amr} is {@code
   * ["otp","sms"]} or {@code ["otp","email"]}.
   *
   * @param destination the phone number or email address as typed
   * @param channel the channel the code was sent over
   * @param code the code as the user typed it
   * @param client who is logging in, or {@code null} for a web client without details
   * @return signed in (with whether the account was created), or, when the code was right and the
   *     account has a second factor, the second step: no session yet (the code is spent)
   * @throws RejectedInputException as {@link #verify}; also {@code invalid_code} when the account
   *     was disabled or deleted, or sign-up was closed, after the code was sent
   * @throws RateLimitedException {@code code_burned} as {@link #verify}
   */
  SignInResult loginWithCode(
      String destination, OtpChannel channel, String code, @Nullable ClientInfo client);

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
  OtpCleanup cleanup();

  /**
   * A request for a one-time code, as the host's web layer received it.
   *
   * <pre>{@code
   * OtpRequest r = OtpRequest.of("+52 55 1234 5678", OtpChannel.SMS, OtpPurpose.LOGIN)
   *     .withLocale(Locale.forLanguageTag("es-MX"))
   *     .withClient(ClientInfo.web(remoteIp));
   * }</pre>
   *
   * @param destination the phone number or email address as typed; normalised by the service
   * @param channel how the code travels
   * @param purpose what the code may be used for
   * @param locale the recipient's language for the message text, or {@code null} for the templates'
   *     default
   * @param client who is asking (its IP feeds the per-IP limit), or {@code null} for a server-side
   *     call without a client IP
   */
  public record OtpRequest(
      String destination,
      OtpChannel channel,
      OtpPurpose purpose,
      @Nullable Locale locale,
      @Nullable ClientInfo client) {

    /**
     * Checks the required parts; the destination's form is checked by the service.
     *
     * @param destination the phone number or email address as typed; not {@code null}
     * @param channel how the code travels; not {@code null}
     * @param purpose what the code may be used for; not {@code null}
     * @param locale the recipient's language, or {@code null} for the templates' default
     * @param client who is asking, or {@code null} for a server-side call without a client IP
     * @throws NullPointerException if {@code destination}, {@code channel} or {@code purpose} is
     *     {@code null}
     */
    public OtpRequest {
      requireNonNull(destination, "destination");
      requireNonNull(channel, "channel");
      requireNonNull(purpose, "purpose");
    }

    /**
     * @param destination the phone number or email address as typed
     * @param channel how the code travels
     * @param purpose what the code may be used for
     * @return a request with the default locale and no client information
     */
    public static OtpRequest of(String destination, OtpChannel channel, OtpPurpose purpose) {
      return new OtpRequest(destination, channel, purpose, null, null);
    }

    /**
     * @param newLocale the recipient's language, or {@code null}
     * @return a copy with that locale
     */
    public OtpRequest withLocale(@Nullable Locale newLocale) {
      return new OtpRequest(destination, channel, purpose, newLocale, client);
    }

    /**
     * @param newClient who is asking, or {@code null}
     * @return a copy with that client
     */
    public OtpRequest withClient(@Nullable ClientInfo newClient) {
      return new OtpRequest(destination, channel, purpose, locale, newClient);
    }
  }

  /**
   * What a successful {@link OtpService#request} answers. It is the same whether or not the
   * destination belongs to an account, so a caller cannot learn which destinations are registered.
   *
   * @param maskedDestination the destination with most characters hidden, for "we sent a code to
   *     +52*******78"
   * @param channel how the code travels
   * @param validFor how long the code stays valid
   * @param resendAfter how long until another code may be requested for the same destination and
   *     purpose
   */
  public record OtpSent(
      String maskedDestination, OtpChannel channel, Duration validFor, Duration resendAfter) {}

  /**
   * A code that {@link OtpService#verify} accepted and consumed.
   *
   * @param destination the normalised destination the code was bound to (E.164 or canonical email)
   * @param channel the channel
   * @param purpose the purpose
   * @param userId the public id of the account that owns the destination, or {@code null} when none
   *     does
   */
  public record OtpVerification(
      String destination, OtpChannel channel, OtpPurpose purpose, @Nullable UUID userId) {

    /**
     * {@return the public id of the account that owns the destination, or empty when no account has
     * it}
     */
    public Optional<UUID> owner() {
      return Optional.ofNullable(userId);
    }

    @Override
    public String toString() {
      return "OtpVerification[channel="
          + channel
          + ", purpose="
          + purpose
          + ", userId="
          + userId
          + "]";
    }
  }

  /** How a one-time code travels: by SMS to an E.164 phone number, or by email. */
  public enum OtpChannel {
    /** A text message to a phone number. */
    SMS("sms"),
    /** An email to an address. */
    EMAIL("email");

    private final String code;

    OtpChannel(String code) {
      this.code = code;
    }

    /** {@return the stable wire and storage name: {@code sms} or {@code email}} */
    public String code() {
      return code;
    }

    /**
     * Reads a channel as an HTTP client sends it.
     *
     * @param value {@code sms} or {@code email} (case-insensitive); may be null (refused)
     * @return the channel
     * @throws RejectedInputException with code {@code invalid_channel} for anything else
     */
    public static OtpChannel parse(String value) {
      if (value != null) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (OtpChannel c : values()) {
          if (c.code.equals(v)) {
            return c;
          }
        }
      }
      throw new RejectedInputException(
          ErrorCode.INVALID_CHANNEL, "channel must be 'sms' or 'email'");
    }
  }

  /**
   * What a one-time code may be used for. A code is bound to its purpose: a {@code login} code
   * never verifies a {@code reset_password} request. The {@link #code()} names are the template
   * purposes of {@code SmsTemplates} and {@code EmailTemplates}.
   */
  public enum OtpPurpose {
    /** Passwordless login, and sign-up when it is allowed. Either channel. */
    LOGIN(TemplateNames.LOGIN, null),
    /** Proving an email address. Email only. */
    VERIFY_EMAIL(TemplateNames.VERIFY_EMAIL, OtpChannel.EMAIL),
    /** Proving a phone number. SMS only. */
    VERIFY_PHONE(TemplateNames.VERIFY_PHONE, OtpChannel.SMS),
    /** Resetting a forgotten password. Either channel. */
    RESET_PASSWORD(TemplateNames.RESET_PASSWORD, null),
    /** Proving a new phone number before it replaces the old one. SMS only. */
    CHANGE_PHONE(TemplateNames.CHANGE_PHONE, OtpChannel.SMS);

    private final String code;
    private final OtpChannel onlyChannel;

    OtpPurpose(String code, OtpChannel onlyChannel) {
      this.code = code;
      this.onlyChannel = onlyChannel;
    }

    /** {@return the stable wire, storage and template name, e.g. {@code verify_phone}} */
    public String code() {
      return code;
    }

    /**
     * Whether a code for this purpose may travel over {@code channel}.
     *
     * @param channel the channel
     * @return {@code false} for, e.g., {@code verify_email} over SMS
     */
    public boolean allows(OtpChannel channel) {
      return onlyChannel == null || onlyChannel == channel;
    }

    /**
     * Whether a code for this purpose is only sent to a destination that belongs to an account (so
     * that a request for an unknown destination answers exactly like one for a known destination
     * and sends nothing). {@link #LOGIN} is sent to unknown destinations only while sign-up by code
     * is allowed.
     *
     * @return {@code true} for {@link #LOGIN} and {@link #RESET_PASSWORD}
     */
    public boolean needsOwner() {
      return this == LOGIN || this == RESET_PASSWORD;
    }

    /**
     * Reads a purpose as an HTTP client sends it.
     *
     * @param value e.g. {@code login} (case-insensitive); may be null (refused)
     * @return the purpose
     * @throws RejectedInputException with code {@code invalid_purpose} for an unknown purpose
     */
    public static OtpPurpose parse(String value) {
      if (value != null) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (OtpPurpose p : values()) {
          if (p.code.equals(v)) {
            return p;
          }
        }
      }
      throw new RejectedInputException(
          ErrorCode.INVALID_PURPOSE,
          "purpose must be one of login, verify_email, verify_phone, reset_password, change_phone");
    }
  }

  /**
   * How many rows one {@link OtpService#cleanup()} run deleted.
   *
   * @param codes one-time codes that had expired or been used before the retention cutoff
   * @param smsLogs SMS log rows older than the retention
   * @param emailLogs email log rows older than the retention
   * @param outboxMessages sent or failed outbox messages settled before the retention cutoff
   */
  public record OtpCleanup(int codes, int smsLogs, int emailLogs, int outboxMessages) {}
}
