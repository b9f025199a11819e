package ${package};

import dev.gatehouse.core.entity.AbstractAuthUser;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The host's user: Gatehouse's columns, and the host's own (a column its changelog adds). */
@Entity
@Table(name = "app_user")
public class User extends AbstractAuthUser {
  @Column(name = "stripe_customer_id")
  private String stripeCustomerId;
}
