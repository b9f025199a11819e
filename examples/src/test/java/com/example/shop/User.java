package com.example.shop;

import dev.gatehouse.core.entity.AbstractAuthUser;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The README's Spring Boot host: its user (README.md, "Spring Boot hosts"). */
// snippet:start entity
@Entity
@Table(name = "app_user")
public class User extends AbstractAuthUser {
  @Column(name = "stripe_customer_id")
  private String stripeCustomerId;
}
// snippet:end entity
