package com.example.shop;

// snippet:start entity
// Profile.java
import dev.gatehouse.core.entity.AbstractAuthProfile;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

// snippet:hide
/** The README's Spring Boot host: one of its six entities. */
// snippet:show
@Entity
@Table(name = "app_profile")
public class Profile extends AbstractAuthProfile<User> {}
// snippet:end entity
