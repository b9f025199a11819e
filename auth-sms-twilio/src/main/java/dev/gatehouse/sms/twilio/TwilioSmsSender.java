package dev.gatehouse.sms.twilio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.gatehouse.sms.SmsSender;
import dev.gatehouse.sms.SmsSender.PhoneMask;
import dev.gatehouse.sms.SmsSender.SmsDeliveryException;
import dev.gatehouse.sms.SmsSender.SmsMessage;
import dev.gatehouse.sms.SmsSender.SmsReceipt;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends SMS through Twilio's Messages API ({@code POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json}) with the JDK's {@link HttpClient}; no Twilio
 * SDK.
 *
 * <p>Each {@link #send} makes exactly one request. Failures are reported as {@link
 * TwilioDeliveryException}: HTTP 429, 5xx, timeouts and I/O errors are {@linkplain
 * SmsDeliveryException#retryable() retryable}; other 4xx answers (invalid number, bad credentials)
 * are not, and carry Twilio's error code; a 2xx answer without a readable message SID is a
 * non-retryable failure, never a pretended success. Neither the message body nor the auth token is
 * ever logged.
 *
 * <p>Thread-safe: one instance, holding one HTTP client and its connection pool, serves the whole
 * application.
 *
 * <pre>{@code
 * SmsSender sms = new TwilioSmsSender(TwilioConfig.builder()
 *     .accountSid(sid).authToken(token).fromNumber("+14155550100").build());
 * SmsReceipt receipt = sms.send(new SmsMessage("+14155550123", text, null));
 * // receipt.providerMessageId() is Twilio's SM... SID, receipt.status() e.g. "queued"
 * }</pre>
 */
public final class TwilioSmsSender implements SmsSender {
  /** The name written to the SMS log. */
  public static final String PROVIDER_NAME = "twilio";

  private static final Logger LOG = LoggerFactory.getLogger(TwilioSmsSender.class);

  private final TwilioConfig config;
  private final HttpClient client;
  private final URI messagesUri;
  private final String authorization;

  /**
   * Creates a sender with its own HTTP client.
   *
   * @param config the account and sender settings
   * @throws NullPointerException when {@code config} is null
   */
  public TwilioSmsSender(TwilioConfig config) {
    this.config = requireNonNull(config, "config");
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    String base = config.baseUri().toString().replaceAll("/+$", "");
    this.messagesUri =
        URI.create(base + "/2010-04-01/Accounts/" + config.accountSid() + "/Messages.json");
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((config.accountSid() + ":" + config.authToken()).getBytes(UTF_8));
  }

  @Override
  public String providerName() {
    return PROVIDER_NAME;
  }

  /**
   * Sends one message. {@link SmsMessage#senderId()}, when present, replaces the configured
   * from-number.
   *
   * @param message the message
   * @return Twilio's message SID ({@code SM...}) and status (usually {@code queued} or {@code
   *     accepted})
   * @throws TwilioDeliveryException when Twilio refused the message, could not be reached or gave
   *     an unreadable answer; a thread interrupted while waiting gets a non-retryable one with its
   *     interrupt flag restored
   */
  @Override
  public SmsReceipt send(SmsMessage message) {
    requireNonNull(message, "message");
    String to = PhoneMask.mask(message.to());
    HttpRequest request =
        HttpRequest.newBuilder(messagesUri)
            .timeout(config.requestTimeout())
            .header("Authorization", authorization)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form(message), UTF_8))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
    } catch (HttpTimeoutException e) {
      throw failure("Twilio did not answer in time for SMS to " + to, true, null, 0, null, e);
    } catch (IOException e) {
      throw failure(
          "Could not reach Twilio for SMS to " + to + ": " + e.getClass().getSimpleName(),
          true,
          null,
          0,
          null,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(
          "Interrupted while sending SMS to " + to + " via Twilio", false, null, 0, null, e);
    }
    return receipt(response, to);
  }

  private SmsReceipt receipt(HttpResponse<String> response, String to) {
    int status = response.statusCode();
    Map<String, Object> json = readObject(response.body());
    if (status >= 200 && status < 300) {
      Object sid = json == null ? null : json.get("sid");
      if (!(sid instanceof String) || ((String) sid).isBlank()) {
        throw failure(
            "Twilio answered HTTP "
                + status
                + " for SMS to "
                + to
                + " without a readable message SID",
            false,
            null,
            status,
            null,
            null);
      }
      Object state = json.get("status");
      String messageStatus = state instanceof String ? (String) state : null;
      LOG.debug("Twilio accepted SMS to {} as {} ({})", to, sid, messageStatus);
      return new SmsReceipt(PROVIDER_NAME, (String) sid, messageStatus);
    }
    boolean retryable = status == 429 || status >= 500;
    String code = json == null ? null : text(json.get("code"));
    String moreInfo = json == null ? null : text(json.get("more_info"));
    String twilioMessage = json == null ? null : text(json.get("message"));
    StringBuilder what =
        new StringBuilder(retryable ? "Twilio could not take" : "Twilio refused")
            .append(" SMS to ")
            .append(to)
            .append(": HTTP ")
            .append(status);
    if (code != null) {
      what.append(", Twilio error ").append(code);
    }
    if (moreInfo != null) {
      what.append(" (").append(moreInfo).append(')');
    }
    TwilioDeliveryException e =
        new TwilioDeliveryException(
            what.toString(),
            retryable,
            code,
            status,
            twilioMessage,
            moreInfo,
            retryAfter(response),
            null);
    LOG.debug("{}", e.getMessage());
    throw e;
  }

  private String form(SmsMessage message) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("To", message.to());
    String from =
        message.senderId() != null ? message.senderId() : config.fromNumber().orElse(null);
    if (from != null) {
      fields.put("From", from);
    }
    config.messagingServiceSid().ifPresent(sid -> fields.put("MessagingServiceSid", sid));
    fields.put("Body", message.body());
    return fields.entrySet().stream()
        .map(
            f ->
                URLEncoder.encode(f.getKey(), UTF_8) + "=" + URLEncoder.encode(f.getValue(), UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** The JSON object in a body, or null when the body is not one (proxies answer HTML). */
  private static Map<String, Object> readObject(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return MiniJson.parseObject(body);
    } catch (MiniJson.MalformedJsonException e) {
      LOG.debug("Twilio answer is not a JSON object: {}", e.getMessage());
      return null;
    }
  }

  private static String text(Object value) {
    if (value instanceof String) {
      return (String) value;
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toPlainString();
    }
    return null;
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .filter(v -> v.matches("\\d{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v)))
        .orElse(null);
  }

  private static TwilioDeliveryException failure(
      String message,
      boolean retryable,
      String code,
      int status,
      String moreInfo,
      Throwable cause) {
    return new TwilioDeliveryException(
        message, retryable, code, status, null, moreInfo, null, cause);
  }

  @Override
  public String toString() {
    return "TwilioSmsSender[" + config + "]";
  }

  /**
   * Twilio refused a message or could not be reached, with the details of Twilio's error answer.
   *
   * <p>{@link #getMessage()} names the masked destination, the HTTP status and Twilio's error code;
   * Twilio's own error text is kept apart in {@link #twilioMessage()} because it may repeat the
   * full phone number. Neither ever holds the message body.
   */
  public static final class TwilioDeliveryException extends SmsDeliveryException {
    private static final long serialVersionUID = 1L;

    /** The HTTP status Twilio answered, or 0 when no answer arrived. */
    private final int httpStatus;

    /** Twilio's error text, or {@code null}. */
    private final String twilioMessage;

    /** Twilio's documentation link for the error, or {@code null}. */
    private final String moreInfo;

    /** The wait Twilio asked for, or {@code null}. */
    private final Duration retryAfter;

    TwilioDeliveryException(
        String message,
        boolean retryable,
        String providerErrorCode,
        int httpStatus,
        String twilioMessage,
        String moreInfo,
        Duration retryAfter,
        Throwable cause) {
      super(message, retryable, providerErrorCode, cause);
      this.httpStatus = httpStatus;
      this.twilioMessage = twilioMessage;
      this.moreInfo = moreInfo;
      this.retryAfter = retryAfter;
    }

    /**
     * The HTTP status Twilio answered, or 0 when no answer arrived (timeout, connection error).
     *
     * @return the HTTP status, or 0
     */
    public int httpStatus() {
      return httpStatus;
    }

    /**
     * Twilio's {@code message}, which may contain the destination number in full.
     *
     * @return Twilio's error text, or empty
     */
    public Optional<String> twilioMessage() {
      return Optional.ofNullable(twilioMessage);
    }

    /**
     * Twilio's {@code more_info} link to the error's documentation.
     *
     * @return the documentation link, or empty
     */
    public Optional<String> moreInfo() {
      return Optional.ofNullable(moreInfo);
    }

    /**
     * The wait Twilio asked for in a {@code Retry-After} header (usually with HTTP 429).
     *
     * @return the requested wait, or empty
     */
    public Optional<Duration> retryAfter() {
      return Optional.ofNullable(retryAfter);
    }
  }
}
