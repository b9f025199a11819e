package dev.gatehouse.examples.app;

import dev.gatehouse.core.entity.AbstractAuthDevice;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The example host's device table: one line, as a fresh host writes it. */
@Entity
@Table(name = "app_device")
public class Device extends AbstractAuthDevice<User> {}
