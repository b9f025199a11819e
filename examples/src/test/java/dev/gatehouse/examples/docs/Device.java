package dev.gatehouse.examples.docs;

// snippet:start entity
// Device.java
import dev.gatehouse.core.entity.AbstractAuthDevice;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

// snippet:hide
/** The README's host entity (region {@code entity} is shown in README.md, step 2). */
// snippet:show
@Entity
@Table(name = "app_device")
public class Device extends AbstractAuthDevice<User> {}
// snippet:end entity
