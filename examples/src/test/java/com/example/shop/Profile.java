package com.example.shop;

import dev.gatehouse.core.entity.AbstractAuthProfile;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The README's Spring Boot host: one of its six entities. */
// snippet:start entity
@Entity
@Table(name = "app_profile")
public class Profile extends AbstractAuthProfile<User> {}
// snippet:end entity
