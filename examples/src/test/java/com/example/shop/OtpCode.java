package com.example.shop;

import dev.gatehouse.core.entity.AbstractOtpCode;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The README's Spring Boot host: one of its six entities. */
// snippet:start entity
@Entity
@Table(name = "app_otp_code")
public class OtpCode extends AbstractOtpCode<User> {}
// snippet:end entity
