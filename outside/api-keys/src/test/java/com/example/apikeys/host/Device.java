package com.example.apikeys.host;

import dev.gatehouse.core.entity.AbstractAuthDevice;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "app_device")
public class Device extends AbstractAuthDevice<User> {}
