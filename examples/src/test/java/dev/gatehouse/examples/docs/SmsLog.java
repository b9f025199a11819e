package dev.gatehouse.examples.docs;

// snippet:start entity
// SmsLog.java
import dev.gatehouse.core.entity.AbstractSmsLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

// snippet:hide
/** The README's host entity (region {@code entity} is shown in README.md, step 2). */
// snippet:show
@Entity
@Table(name = "app_sms_log")
public class SmsLog extends AbstractSmsLog {}
// snippet:end entity
