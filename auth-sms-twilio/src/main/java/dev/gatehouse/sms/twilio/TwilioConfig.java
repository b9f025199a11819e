package dev.gatehouse.sms.twilio;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Immutable settings of a {@link TwilioSmsSender}: account credentials, the sender (a from-number
 * or a Messaging Service), the API base URL and timeouts.
 *
 * <p>The auth token is a secret: it is never part of {@link #toString()}, and the account SID is
 * shown only by its last four characters. Instances are thread-safe.
 *
 * <pre>{@code
 * TwilioConfig config = TwilioConfig.builder()
 *     .accountSid(System.getenv("TWILIO_ACCOUNT_SID"))
 *     .authToken(System.getenv("TWILIO_AUTH_TOKEN"))
 *     .messagingServiceSid("MG0123456789abcdef0123456789abcdef")
 *     .requestTimeout(Duration.ofSeconds(10))
 *     .build();
 * }</pre>
 */
public final class TwilioConfig {
  /** Twilio's production API. */
  public static final URI DEFAULT_BASE_URI = URI.create("https://api.twilio.com");

  /** Default time to open a connection. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Default time for a whole request, from sending to the complete answer. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
  private static final Pattern MESSAGING_SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");

  private final String accountSid;
  private final String authToken;
  private final String fromNumber;
  private final String messagingServiceSid;
  private final URI baseUri;
  private final Duration connectTimeout;
  private final Duration requestTimeout;

  private TwilioConfig(Builder b) {
    this.accountSid = b.accountSid;
    this.authToken = b.authToken;
    this.fromNumber = b.fromNumber;
    this.messagingServiceSid = b.messagingServiceSid;
    this.baseUri = b.baseUri;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
  }

  /**
   * A builder with the default base URL and timeouts.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The account SID ({@code AC} and 32 hex digits); used in the URL and as Basic-auth user.
   *
   * @return the account SID
   */
  public String accountSid() {
    return accountSid;
  }

  /**
   * The auth token, the Basic-auth password. A secret: never log it.
   *
   * @return the auth token
   */
  public String authToken() {
    return authToken;
  }

  /**
   * The {@code From} number or alphanumeric sender id, if set.
   *
   * @return the sender, or empty
   */
  public Optional<String> fromNumber() {
    return Optional.ofNullable(fromNumber);
  }

  /**
   * The Messaging Service SID ({@code MG...}), if set; Twilio then picks the sending number.
   *
   * @return the Messaging Service SID, or empty
   */
  public Optional<String> messagingServiceSid() {
    return Optional.ofNullable(messagingServiceSid);
  }

  /**
   * The API base URL, {@link #DEFAULT_BASE_URI} unless changed (e.g. for a test server).
   *
   * @return the base URL
   */
  public URI baseUri() {
    return baseUri;
  }

  /**
   * Time allowed to open a connection.
   *
   * @return the connect timeout
   */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Time allowed for a whole request.
   *
   * @return the request timeout
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  @Override
  public String toString() {
    return "TwilioConfig[accountSid=AC…"
        + accountSid.substring(accountSid.length() - 4)
        + ", fromNumber="
        + fromNumber
        + ", messagingServiceSid="
        + messagingServiceSid
        + ", baseUri="
        + baseUri
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }

  /** Collects settings and checks each one as it is set; not thread-safe. */
  public static final class Builder {
    private String accountSid;
    private String authToken;
    private String fromNumber;
    private String messagingServiceSid;
    private URI baseUri = DEFAULT_BASE_URI;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

    private Builder() {}

    /**
     * Sets the account SID. Required.
     *
     * @param accountSid {@code AC} followed by 32 hex digits
     * @return this builder
     * @throws IllegalArgumentException when it does not look like an account SID
     */
    public Builder accountSid(String accountSid) {
      requireNonNull(accountSid, "accountSid");
      if (!ACCOUNT_SID.matcher(accountSid).matches()) {
        throw new IllegalArgumentException(
            "accountSid must be AC followed by 32 hex digits (value not shown)");
      }
      this.accountSid = accountSid;
      return this;
    }

    /**
     * Sets the auth token. Required.
     *
     * @param authToken the account's auth token
     * @return this builder
     * @throws IllegalArgumentException when blank
     */
    public Builder authToken(String authToken) {
      requireNonNull(authToken, "authToken");
      if (authToken.isBlank()) {
        throw new IllegalArgumentException("authToken must not be blank");
      }
      this.authToken = authToken;
      return this;
    }

    /**
     * Sets the {@code From} number (E.164) or alphanumeric sender id. This or a {@linkplain
     * #messagingServiceSid(String) Messaging Service} is required.
     *
     * @param fromNumber e.g. {@code +14155550100}
     * @return this builder
     * @throws IllegalArgumentException when blank
     */
    public Builder fromNumber(String fromNumber) {
      requireNonNull(fromNumber, "fromNumber");
      if (fromNumber.isBlank()) {
        throw new IllegalArgumentException("fromNumber must not be blank");
      }
      this.fromNumber = fromNumber;
      return this;
    }

    /**
     * Sets the Messaging Service that sends the messages. When both this and a from-number are set,
     * both are sent and Twilio requires the number to belong to the service.
     *
     * @param messagingServiceSid {@code MG} followed by 32 hex digits
     * @return this builder
     * @throws IllegalArgumentException when it does not look like a Messaging Service SID
     */
    public Builder messagingServiceSid(String messagingServiceSid) {
      requireNonNull(messagingServiceSid, "messagingServiceSid");
      if (!MESSAGING_SERVICE_SID.matcher(messagingServiceSid).matches()) {
        throw new IllegalArgumentException(
            "messagingServiceSid must be MG followed by 32 hex digits but was "
                + messagingServiceSid);
      }
      this.messagingServiceSid = messagingServiceSid;
      return this;
    }

    /**
     * Sets the API base URL; {@link #DEFAULT_BASE_URI} by default.
     *
     * @param baseUri an absolute {@code http} or {@code https} URL without query or fragment
     * @return this builder
     * @throws IllegalArgumentException when not such a URL
     */
    public Builder baseUri(URI baseUri) {
      requireNonNull(baseUri, "baseUri");
      String scheme = baseUri.getScheme();
      if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))
          || baseUri.getHost() == null
          || baseUri.getRawQuery() != null
          || baseUri.getRawFragment() != null
          || baseUri.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "baseUri must be an http(s) URL without user info, query or fragment but was "
                + baseUri);
      }
      this.baseUri = baseUri;
      return this;
    }

    /**
     * Sets the time allowed to open a connection; 5 seconds by default.
     *
     * @param connectTimeout positive
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Sets the time allowed for a whole request; 10 seconds by default.
     *
     * @param requestTimeout positive
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    private static Duration positive(Duration d, String name) {
      requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive but was " + d);
      }
      return d;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalStateException naming the missing setting: account SID, auth token, or both a
     *     from-number and a Messaging Service
     */
    public TwilioConfig build() {
      if (accountSid == null) {
        throw new IllegalStateException("accountSid was not set");
      }
      if (authToken == null) {
        throw new IllegalStateException("authToken was not set");
      }
      if (fromNumber == null && messagingServiceSid == null) {
        throw new IllegalStateException("neither fromNumber nor messagingServiceSid was set");
      }
      return new TwilioConfig(this);
    }
  }
}
