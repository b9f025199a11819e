package dev.gatehouse.examples.app;

import dev.gatehouse.core.entity.AbstractSmsLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The example host's smslog table: one line, as a fresh host writes it. */
@Entity
@Table(name = "app_sms_log")
public class SmsLog extends AbstractSmsLog {}
