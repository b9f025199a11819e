package dev.gatehouse.examples.docs;

import dev.gatehouse.core.entity.AbstractOtpCode;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The README's host entity (region {@code entity} is shown in README.md, step 2). */
// snippet:start entity
@Entity
@Table(name = "app_otp_code")
public class OtpCode extends AbstractOtpCode<User> {}
// snippet:end entity
