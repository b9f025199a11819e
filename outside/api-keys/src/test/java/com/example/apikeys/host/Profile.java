package com.example.apikeys.host;

import dev.gatehouse.core.entity.AbstractAuthProfile;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "app_profile")
public class Profile extends AbstractAuthProfile<User> {}
