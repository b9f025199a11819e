package dev.gatehouse.core.entity;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import org.jspecify.annotations.Nullable;

/**
 * One SMS delivery attempt.
 *
 * <pre>{@code
 * @Entity @Table(name = "app_sms_log")
 * public class SmsLog extends AbstractSmsLog {}
 * }</pre>
 *
 * <p>{@link #getMessage()} holds the message with any code replaced by asterisks.
 */
@MappedSuperclass
public abstract class AbstractSmsLog extends DeliveryLogBase {

  @Column(name = "message", length = 1000)
  private String message;

  /** Required by JPA. */
  protected AbstractSmsLog() {}

  /** {@return the message text with secrets redacted, or {@code null}} */
  public @Nullable String getMessage() {
    return message;
  }

  /**
   * @param message the message text with every secret already redacted
   */
  public void setMessage(String message) {
    this.message = message;
  }
}
