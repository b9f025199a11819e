package dev.gatehouse.email.smtp;

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
