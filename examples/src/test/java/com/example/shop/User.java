package com.example.shop;

// snippet:start entity
// User.java
import dev.gatehouse.core.entity.AbstractAuthUser;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

// snippet:hide
/** The README's Spring Boot host: its user (README.md, "Spring Boot hosts"). */
// snippet:show
@Entity
@Table(name = "app_user")
public class User extends AbstractAuthUser {
  @Column(name = "stripe_customer_id")
  private String stripeCustomerId;
}
// snippet:end entity
