package dev.gatehouse.examples.docs;

// snippet:start entity
// OtpCode.java
import dev.gatehouse.core.entity.AbstractOtpCode;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

// snippet:hide
/** The README's host entity (region {@code entity} is shown in README.md, step 2). */
// snippet:show
@Entity
@Table(name = "app_otp_code")
public class OtpCode extends AbstractOtpCode<User> {}
// snippet:end entity
