package dev.gatehouse.examples.docs;

// snippet:start entity
// User.java
import dev.gatehouse.core.entity.AbstractAuthUser;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

// snippet:hide
/** The README's host entity (region {@code entity} is shown in README.md, step 2). */
// snippet:show
@Entity
@Table(name = "app_user")
public class User extends AbstractAuthUser {
  @Column(name = "stripe_customer_id")
  private String stripeCustomerId;
}
// snippet:end entity
