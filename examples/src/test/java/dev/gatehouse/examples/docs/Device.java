package dev.gatehouse.examples.docs;

import dev.gatehouse.core.entity.AbstractAuthDevice;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The README's host entity (region {@code entity} is shown in README.md, step 2). */
// snippet:start entity
@Entity
@Table(name = "app_device")
public class Device extends AbstractAuthDevice<User> {}
// snippet:end entity
