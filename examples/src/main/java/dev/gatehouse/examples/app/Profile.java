package dev.gatehouse.examples.app;

import dev.gatehouse.core.entity.AbstractAuthProfile;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The example host's profile table: one line, as a fresh host writes it. */
@Entity
@Table(name = "app_profile")
public class Profile extends AbstractAuthProfile<User> {}
