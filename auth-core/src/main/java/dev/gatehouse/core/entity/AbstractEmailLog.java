package dev.gatehouse.core.entity;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/**
 * One email delivery attempt. Bodies are not stored: they carry codes and links with tokens.
 *
 * <pre>{@code
 * @Entity @Table(name = "app_email_log")
 * public class EmailLog extends AbstractEmailLog {}
 * }</pre>
 */
@MappedSuperclass
public abstract class AbstractEmailLog extends DeliveryLogBase {

  @Column(name = "subject", length = 255)
  private String subject;

  /** Required by JPA. */
  protected AbstractEmailLog() {}

  /** {@return the subject line} */
  public String getSubject() {
    return subject;
  }

  /**
   * @param subject the subject line
   */
  public void setSubject(String subject) {
    this.subject = subject;
  }
}
