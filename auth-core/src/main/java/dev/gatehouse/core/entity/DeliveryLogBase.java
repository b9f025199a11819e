package dev.gatehouse.core.entity;

import dev.gatehouse.core.store.DeliveryLogStore.DeliveryStatus;
import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Columns shared by {@link AbstractSmsLog} and {@link AbstractEmailLog}: one row per delivery
 * attempt. The destination is stored masked and no row ever holds a code or a token.
 */
@MappedSuperclass
public abstract class DeliveryLogBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  @Column(name = "destination", nullable = false, length = 254)
  private String maskedDestination;

  @Column(name = "template_name", length = 64)
  private String templateName;

  @Column(name = "provider", nullable = false, length = 50)
  private String provider;

  @Enumerated(EnumType.STRING)
  @Column(name = "status", nullable = false, length = 16)
  private DeliveryStatus status;

  @Column(name = "provider_message_id", length = 128)
  private String providerMessageId;

  @Column(name = "error", length = 1000)
  private String error;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /** Required by JPA. */
  protected DeliveryLogBase() {}

  /** {@return the database key} */
  public Long getId() {
    return id;
  }

  /** {@return the destination, masked} */
  public String getMaskedDestination() {
    return maskedDestination;
  }

  /**
   * @param maskedDestination the destination, already masked
   */
  public void setMaskedDestination(String maskedDestination) {
    this.maskedDestination = maskedDestination;
  }

  /** {@return the template the message was rendered from, or {@code null}} */
  public @Nullable String getTemplateName() {
    return templateName;
  }

  /**
   * @param templateName the template name
   */
  public void setTemplateName(String templateName) {
    this.templateName = templateName;
  }

  /** {@return the provider's name} */
  public String getProvider() {
    return provider;
  }

  /**
   * @param provider the provider's name
   */
  public void setProvider(String provider) {
    this.provider = provider;
  }

  /** {@return what happened} */
  public DeliveryStatus getStatus() {
    return status;
  }

  /**
   * @param status what happened
   */
  public void setStatus(DeliveryStatus status) {
    this.status = status;
  }

  /** {@return the provider's message id, or {@code null}} */
  public @Nullable String getProviderMessageId() {
    return providerMessageId;
  }

  /**
   * @param providerMessageId the provider's message id
   */
  public void setProviderMessageId(String providerMessageId) {
    this.providerMessageId = providerMessageId;
  }

  /** {@return the error, or {@code null}; never contains a secret} */
  public @Nullable String getError() {
    return error;
  }

  /**
   * @param error the error text, truncated to 1000 characters
   */
  public void setError(String error) {
    this.error = error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
  }

  /** {@return when the attempt was made} */
  public Instant getCreatedAt() {
    return createdAt;
  }

  /**
   * @param createdAt when the attempt was made
   */
  public void setCreatedAt(Instant createdAt) {
    this.createdAt = createdAt;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[id=" + id + ", status=" + status + "]";
  }
}
