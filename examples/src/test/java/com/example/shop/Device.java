package com.example.shop;

import dev.gatehouse.core.entity.AbstractAuthDevice;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The README's Spring Boot host: one of its six entities. */
// snippet:start entity
@Entity
@Table(name = "app_device")
public class Device extends AbstractAuthDevice<User> {}
// snippet:end entity
