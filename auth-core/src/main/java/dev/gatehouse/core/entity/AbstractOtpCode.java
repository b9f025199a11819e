package dev.gatehouse.core.entity;

import jakarta.persistence.Column;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A one-time code sent to a destination for a purpose. Only a keyed hash of the code is stored; the
 * code itself exists only in the message that carried it.
 *
 * <pre>{@code
 * @Entity @Table(name = "app_otp_code")
 * public class OtpCode extends AbstractOtpCode<User> {}
 * }</pre>
 *
 * @param <U> the host's user entity
 */
@MappedSuperclass
public abstract class AbstractOtpCode<U extends AuthUserBase> {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  /** The owner when known; {@code null} for a sign-up code to a new destination. */
  @ManyToOne(fetch = FetchType.LAZY)
  @JoinColumn(name = "user_id")
  private U user;

  @Column(name = "channel", nullable = false, length = 10)
  private String channel;

  @Column(name = "destination", nullable = false, length = 254)
  private String destination;

  @Column(name = "purpose", nullable = false, length = 32)
  private String purpose;

  @Column(name = "code_hash", nullable = false, length = 128)
  private String codeHash;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "used_at")
  private Instant usedAt;

  @Column(name = "attempts", nullable = false)
  private int attempts;

  @Column(name = "max_attempts", nullable = false)
  private int maxAttempts;

  @Column(name = "last_sent_at")
  private Instant lastSentAt;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  /** Required by JPA. */
  protected AbstractOtpCode() {}

  /** {@return the database key, or {@code null} before the code is stored} */
  public @Nullable Long getId() {
    return id;
  }

  /** {@return the owner, or {@code null}} */
  public @Nullable U getUser() {
    return user;
  }

  /**
   * @param user the owner, or {@code null}
   */
  public void setUser(@Nullable U user) {
    this.user = user;
  }

  /** {@return {@code email} or {@code sms}} */
  public String getChannel() {
    return channel;
  }

  /**
   * @param channel {@code email} or {@code sms}
   */
  public void setChannel(String channel) {
    this.channel = channel;
  }

  /** {@return normalised destination (E.164 phone or canonical email)} */
  public String getDestination() {
    return destination;
  }

  /**
   * @param destination normalised destination
   */
  public void setDestination(String destination) {
    this.destination = destination;
  }

  /** {@return what the code may be used for, e.g. {@code login}} */
  public String getPurpose() {
    return purpose;
  }

  /**
   * @param purpose what the code may be used for
   */
  public void setPurpose(String purpose) {
    this.purpose = purpose;
  }

  /** {@return keyed hash of the code; never the code} */
  public String getCodeHash() {
    return codeHash;
  }

  /**
   * @param codeHash keyed hash of the code
   */
  public void setCodeHash(String codeHash) {
    this.codeHash = codeHash;
  }

  /** {@return when the code stops being accepted} */
  public Instant getExpiresAt() {
    return expiresAt;
  }

  /**
   * @param expiresAt when the code stops being accepted
   */
  public void setExpiresAt(Instant expiresAt) {
    this.expiresAt = expiresAt;
  }

  /** {@return when the code was consumed (or burned), or {@code null}} */
  public @Nullable Instant getUsedAt() {
    return usedAt;
  }

  /**
   * @param usedAt when the code was consumed
   */
  public void setUsedAt(Instant usedAt) {
    this.usedAt = usedAt;
  }

  /** {@return wrong guesses so far} */
  public int getAttempts() {
    return attempts;
  }

  /**
   * @param attempts wrong guesses so far
   */
  public void setAttempts(int attempts) {
    this.attempts = attempts;
  }

  /** {@return wrong guesses after which the code is burned} */
  public int getMaxAttempts() {
    return maxAttempts;
  }

  /**
   * @param maxAttempts wrong guesses after which the code is burned
   */
  public void setMaxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  /** {@return when the code was last sent, for the resend cooldown} */
  public Instant getLastSentAt() {
    return lastSentAt;
  }

  /**
   * @param lastSentAt when the code was last sent
   */
  public void setLastSentAt(Instant lastSentAt) {
    this.lastSentAt = lastSentAt;
  }

  /** {@return when the row was created} */
  public Instant getCreatedAt() {
    return createdAt;
  }

  /**
   * @param createdAt when the row was created
   */
  public void setCreatedAt(Instant createdAt) {
    this.createdAt = createdAt;
  }

  @Override
  public String toString() {
    // Never the code hash.
    return getClass().getSimpleName()
        + "[id="
        + id
        + ", channel="
        + channel
        + ", purpose="
        + purpose
        + "]";
  }
}
