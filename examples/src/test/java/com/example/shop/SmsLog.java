package com.example.shop;

// snippet:start entity
// SmsLog.java
import dev.gatehouse.core.entity.AbstractSmsLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

// snippet:hide
/** The README's Spring Boot host: one of its six entities. */
// snippet:show
@Entity
@Table(name = "app_sms_log")
public class SmsLog extends AbstractSmsLog {}
// snippet:end entity
