package dev.gatehouse.examples.legacy;

import dev.gatehouse.core.entity.AbstractSmsLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The legacy host's smslog table, created by the library's changelog under the host's naming. */
@Entity
@Table(name = "accounts_sms_log")
public class LegacySmsLog extends AbstractSmsLog {}
