package com.example.shop;

// snippet:start entity
// OtpCode.java
import dev.gatehouse.core.entity.AbstractOtpCode;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

// snippet:hide
/** The README's Spring Boot host: one of its six entities. */
// snippet:show
@Entity
@Table(name = "app_otp_code")
public class OtpCode extends AbstractOtpCode<User> {}
// snippet:end entity
