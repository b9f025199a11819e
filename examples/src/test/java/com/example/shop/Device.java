package com.example.shop;

// snippet:start entity
// Device.java
import dev.gatehouse.core.entity.AbstractAuthDevice;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

// snippet:hide
/** The README's Spring Boot host: one of its six entities. */
// snippet:show
@Entity
@Table(name = "app_device")
public class Device extends AbstractAuthDevice<User> {}
// snippet:end entity
