package com.example.apikeys.host;

import dev.gatehouse.core.entity.AbstractAuthUser;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The host's user: Gatehouse's columns, and nothing more. */
@Entity
@Table(name = "app_user")
public class User extends AbstractAuthUser {}
