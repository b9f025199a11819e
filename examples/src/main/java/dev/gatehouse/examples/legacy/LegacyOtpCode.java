package dev.gatehouse.examples.legacy;

import dev.gatehouse.core.entity.AbstractOtpCode;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The legacy host's otpcode table, created by the library's changelog under the host's naming. */
@Entity
@Table(name = "accounts_otp_code")
public class LegacyOtpCode extends AbstractOtpCode<LegacyUser> {}
