package dev.gatehouse.email.smtp;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Immutable settings of an {@link SmtpEmailSender}: server, transport security, credentials,
 * timeouts and the default sender address.
 *
 * <p>The password is a secret and never part of {@link #toString()}. Instances are thread-safe.
 *
 * <pre>{@code
 * SmtpConfig config = SmtpConfig.builder()
 *     .host("smtp.example.com")
 *     .security(SmtpSecurity.STARTTLS)      // port 587 unless set
 *     .credentials("apikey", System.getenv("SMTP_PASSWORD"))
 *     .defaultFrom("Acme <no-reply@acme.example>")
 *     .build();
 * }</pre>
 */
public final class SmtpConfig {
  /** Default time to open a connection. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Default time to wait for each server reply, and to write each block. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  private final String host;
  private final int port;
  private final SmtpSecurity security;
  private final boolean startTlsRequired;
  private final String username;
  private final String password;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration writeTimeout;
  private final String defaultFrom;
  private final Map<String, String> properties;

  private SmtpConfig(Builder b) {
    this.host = b.host;
    this.security = b.security;
    this.port = b.port > 0 ? b.port : b.security.defaultPort();
    this.startTlsRequired = b.startTlsRequired;
    this.username = b.username;
    this.password = b.password;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.writeTimeout = b.writeTimeout;
    this.defaultFrom = b.defaultFrom;
    this.properties = Map.copyOf(b.properties);
  }

  /**
   * A builder with STARTTLS required, no credentials and default timeouts.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The server's host name.
   *
   * @return the host name
   */
  public String host() {
    return host;
  }

  /**
   * The server's port; the security mode's conventional port unless set.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * How the connection is protected.
   *
   * @return the security mode
   */
  public SmtpSecurity security() {
    return security;
  }

  /**
   * With {@link SmtpSecurity#STARTTLS}: whether sending fails when the server does not offer
   * STARTTLS, rather than continuing in plain text. True by default.
   *
   * @return whether STARTTLS is mandatory
   */
  public boolean startTlsRequired() {
    return startTlsRequired;
  }

  /**
   * The user name for SMTP AUTH, if the server needs one.
   *
   * @return the user name, or empty
   */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /**
   * The password for SMTP AUTH, if set. A secret: never log it.
   *
   * @return the password, or empty
   */
  public Optional<String> password() {
    return Optional.ofNullable(password);
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
   * Time allowed for each server reply.
   *
   * @return the read timeout
   */
  public Duration readTimeout() {
    return readTimeout;
  }

  /**
   * Time allowed for each write to the server.
   *
   * @return the write timeout
   */
  public Duration writeTimeout() {
    return writeTimeout;
  }

  /**
   * The sender address used when a message's {@link
   * dev.gatehouse.email.EmailSender.EmailMessage#from()} is blank, if set.
   *
   * @return the default sender address, or empty
   */
  public Optional<String> defaultFrom() {
    return Optional.ofNullable(defaultFrom);
  }

  /**
   * Extra Jakarta Mail session properties, applied last.
   *
   * @return the extra properties; unmodifiable
   */
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public String toString() {
    return "SmtpConfig[host="
        + host
        + ", port="
        + port
        + ", security="
        + security
        + ", startTlsRequired="
        + startTlsRequired
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "***")
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", writeTimeout="
        + writeTimeout
        + ", defaultFrom="
        + defaultFrom
        + ", properties="
        + new TreeMap<>(properties).keySet()
        + "]";
  }

  /** Collects settings and checks each one as it is set; not thread-safe. */
  public static final class Builder {
    private String host;
    private int port;
    private SmtpSecurity security = SmtpSecurity.STARTTLS;
    private boolean startTlsRequired = true;
    private String username;
    private String password;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration writeTimeout = DEFAULT_READ_TIMEOUT;
    private String defaultFrom;
    private final Map<String, String> properties = new TreeMap<>();

    private Builder() {}

    /**
     * Sets the server's host name. Required.
     *
     * @param host a non-blank host name or address
     * @return this builder
     * @throws IllegalArgumentException when blank
     */
    public Builder host(String host) {
      requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be blank");
      }
      this.host = host;
      return this;
    }

    /**
     * Sets the port; by default the security mode's conventional port (25, 587 or 465).
     *
     * @param port 1 to 65535
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be between 1 and 65535 but was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets how the connection is protected; {@link SmtpSecurity#STARTTLS} by default.
     *
     * @param security the mode
     * @return this builder
     */
    public Builder security(SmtpSecurity security) {
      this.security = requireNonNull(security, "security");
      return this;
    }

    /**
     * With {@link SmtpSecurity#STARTTLS}, whether to refuse to send when the server does not offer
     * STARTTLS; true by default. Turning it off allows a silent fall back to plain text.
     *
     * @param startTlsRequired the flag
     * @return this builder
     */
    public Builder startTlsRequired(boolean startTlsRequired) {
      this.startTlsRequired = startTlsRequired;
      return this;
    }

    /**
     * Sets the SMTP AUTH credentials; without them the sender does not authenticate.
     *
     * @param username non-blank
     * @param password the password, may be empty but not null
     * @return this builder
     * @throws IllegalArgumentException when the user name is blank
     */
    public Builder credentials(String username, String password) {
      requireNonNull(username, "username");
      requireNonNull(password, "password");
      if (username.isBlank()) {
        throw new IllegalArgumentException("username must not be blank");
      }
      this.username = username;
      this.password = password;
      return this;
    }

    /**
     * Sets the time allowed to open a connection; 10 seconds by default.
     *
     * @param connectTimeout positive, at most {@link Integer#MAX_VALUE} milliseconds
     * @return this builder
     * @throws IllegalArgumentException when not positive or too long
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = timeout(connectTimeout, "connectTimeout");
      return this;
    }

    /**
     * Sets the time allowed for each server reply; 30 seconds by default.
     *
     * @param readTimeout positive, at most {@link Integer#MAX_VALUE} milliseconds
     * @return this builder
     * @throws IllegalArgumentException when not positive or too long
     */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = timeout(readTimeout, "readTimeout");
      return this;
    }

    /**
     * Sets the time allowed for each write; 30 seconds by default.
     *
     * @param writeTimeout positive, at most {@link Integer#MAX_VALUE} milliseconds
     * @return this builder
     * @throws IllegalArgumentException when not positive or too long
     */
    public Builder writeTimeout(Duration writeTimeout) {
      this.writeTimeout = timeout(writeTimeout, "writeTimeout");
      return this;
    }

    /**
     * Sets the sender address for messages whose {@code from} is blank.
     *
     * @param defaultFrom an RFC 5322 address, e.g. {@code Acme <no-reply@acme.example>}
     * @return this builder
     * @throws IllegalArgumentException when blank
     */
    public Builder defaultFrom(String defaultFrom) {
      requireNonNull(defaultFrom, "defaultFrom");
      if (defaultFrom.isBlank()) {
        throw new IllegalArgumentException("defaultFrom must not be blank");
      }
      this.defaultFrom = defaultFrom;
      return this;
    }

    /**
     * Adds a Jakarta Mail session property, applied after the ones derived from this configuration,
     * e.g. {@code mail.smtp.ssl.trust}.
     *
     * @param key a key starting with {@code mail.}
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException when the key does not start with {@code mail.}
     */
    public Builder property(String key, String value) {
      requireNonNull(key, "key");
      requireNonNull(value, "value");
      if (!key.startsWith("mail.")) {
        throw new IllegalArgumentException("property key must start with 'mail.' but was " + key);
      }
      properties.put(key, value);
      return this;
    }

    private static Duration timeout(Duration d, String name) {
      requireNonNull(d, name);
      if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            name + " must be positive and at most " + Integer.MAX_VALUE + " ms but was " + d);
      }
      return d;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalStateException when the host was not set
     */
    public SmtpConfig build() {
      if (host == null) {
        throw new IllegalStateException("host was not set");
      }
      return new SmtpConfig(this);
    }
  }

  /** How the connection to the SMTP server is protected. */
  public enum SmtpSecurity {
    /** Plain text, for a relay on the same host or a test server only. Default port 25. */
    NONE(25),
    /** Starts in plain text and upgrades with {@code STARTTLS} (submission port 587). */
    STARTTLS(587),
    /** TLS from the first byte ("implicit TLS", SMTPS, port 465). */
    SSL(465);

    private final int defaultPort;

    SmtpSecurity(int defaultPort) {
      this.defaultPort = defaultPort;
    }

    /**
     * The conventional port for this mode.
     *
     * @return the default port
     */
    public int defaultPort() {
      return defaultPort;
    }
  }
}
