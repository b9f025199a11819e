package dev.gatehouse.examples.app;

import dev.gatehouse.core.entity.AbstractOtpCode;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The example host's otpcode table: one line, as a fresh host writes it. */
@Entity
@Table(name = "app_otp_code")
public class OtpCode extends AbstractOtpCode<User> {}
