package com.example.shop;

import dev.gatehouse.core.entity.AbstractSmsLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The README's Spring Boot host: one of its six entities. */
// snippet:start entity
@Entity
@Table(name = "app_sms_log")
public class SmsLog extends AbstractSmsLog {}
// snippet:end entity
