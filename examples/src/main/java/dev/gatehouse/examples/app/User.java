package dev.gatehouse.examples.app;

import dev.gatehouse.core.entity.AbstractAuthUser;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * The example host's user: the library's columns plus one of the host's own, added by the host's
 * own changeset after the library's changelog.
 */
@Entity
@Table(name = "app_user")
public class User extends AbstractAuthUser {

  @Column(name = "stripe_customer_id", length = 64)
  private String stripeCustomerId;

  /** The host's billing id, or {@code null}. */
  public String getStripeCustomerId() {
    return stripeCustomerId;
  }

  /**
   * @param stripeCustomerId the host's billing id
   */
  public void setStripeCustomerId(String stripeCustomerId) {
    this.stripeCustomerId = stripeCustomerId;
  }
}
