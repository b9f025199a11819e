package com.example.apikeys.host;

import dev.gatehouse.core.entity.AbstractOtpCode;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "app_otp_code")
public class OtpCode extends AbstractOtpCode<User> {}
