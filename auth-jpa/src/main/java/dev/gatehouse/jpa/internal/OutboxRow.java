package dev.gatehouse.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Library-owned delivery outbox row. The payload is sealed (encrypted) by core before it gets here
 * and cleared when the message is settled. Internal: not API.
 */
@Entity(name = "GatehouseOutbox")
@Table(name = "gh_outbox")
public class OutboxRow {
  /** Waiting for a dispatcher. */
  public static final String PENDING = "PENDING";

  /** Claimed by a dispatcher until {@code claimedUntil}. */
  public static final String SENDING = "SENDING";

  /** Accepted by a provider. */
  public static final String SENT = "SENT";

  /** Failed for good. */
  public static final String FAILED = "FAILED";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  @Column(name = "channel", nullable = false, length = 10)
  private String channel;

  @Column(name = "purpose", nullable = false, length = 40)
  private String purpose;

  @Column(name = "masked_destination", nullable = false, length = 191)
  private String maskedDestination;

  @Column(name = "logged_text", length = 1000)
  private String loggedText;

  @Column(name = "payload", length = 8000)
  private String payload;

  @Column(name = "otp_code_id")
  private Long otpCodeId;

  @Column(name = "release_key", length = 191)
  private String releaseKey;

  @Column(name = "status", nullable = false, length = 10)
  private String status;

  @Column(name = "attempts", nullable = false)
  private int attempts;

  @Column(name = "max_attempts", nullable = false)
  private int maxAttempts;

  @Column(name = "next_attempt_at", nullable = false)
  private Instant nextAttemptAt;

  @Column(name = "claim_token", length = 64)
  private String claimToken;

  @Column(name = "claimed_until")
  private Instant claimedUntil;

  @Column(name = "last_error", length = 500)
  private String lastError;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "settled_at")
  private Instant settledAt;

  protected OutboxRow() {}

  /**
   * A new waiting message.
   *
   * @param channel {@code email} or {@code sms}
   * @param purpose the template purpose
   * @param maskedDestination the destination as logs show it
   * @param loggedText the loggable text
   * @param payload the sealed payload
   * @param otpCodeId the code it carries, or {@code null}
   * @param releaseKey the counter to reset on final failure, or {@code null}
   * @param maxAttempts the most attempts
   * @param createdAt when it was recorded (and first due)
   */
  public OutboxRow(
      String channel,
      String purpose,
      String maskedDestination,
      String loggedText,
      String payload,
      Long otpCodeId,
      String releaseKey,
      int maxAttempts,
      Instant createdAt) {
    this.channel = channel;
    this.purpose = purpose;
    this.maskedDestination = maskedDestination;
    this.loggedText = loggedText;
    this.payload = payload;
    this.otpCodeId = otpCodeId;
    this.releaseKey = releaseKey;
    this.status = PENDING;
    this.attempts = 0;
    this.maxAttempts = maxAttempts;
    this.nextAttemptAt = createdAt;
    this.createdAt = createdAt;
  }

  public Long getId() {
    return id;
  }

  public String getChannel() {
    return channel;
  }

  public String getPurpose() {
    return purpose;
  }

  public String getMaskedDestination() {
    return maskedDestination;
  }

  public String getLoggedText() {
    return loggedText;
  }

  public String getPayload() {
    return payload;
  }

  public Long getOtpCodeId() {
    return otpCodeId;
  }

  public String getReleaseKey() {
    return releaseKey;
  }

  public String getStatus() {
    return status;
  }

  public int getAttempts() {
    return attempts;
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  @Override
  public String toString() {
    return "OutboxRow[" + id + ", " + channel + ", " + purpose + ", " + status + "]";
  }
}
