package dev.gatehouse.examples.django;

import dev.gatehouse.core.entity.AbstractOtpCode;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The Django host's one-time codes. */
@Entity
@Table(name = "gatehouse_otp_code")
public class DjangoOtpCode extends AbstractOtpCode<DjangoUser> {}
