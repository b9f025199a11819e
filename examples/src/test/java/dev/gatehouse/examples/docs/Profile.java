package dev.gatehouse.examples.docs;

// snippet:start entity
// Profile.java
import dev.gatehouse.core.entity.AbstractAuthProfile;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

// snippet:hide
/** The README's host entity (region {@code entity} is shown in README.md, step 2). */
// snippet:show
@Entity
@Table(name = "app_profile")
public class Profile extends AbstractAuthProfile<User> {}
// snippet:end entity
