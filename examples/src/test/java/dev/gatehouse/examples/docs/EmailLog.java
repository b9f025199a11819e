package dev.gatehouse.examples.docs;

// snippet:start entity
// EmailLog.java
import dev.gatehouse.core.entity.AbstractEmailLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

// snippet:hide
/** The README's host entity (region {@code entity} is shown in README.md, step 2). */
// snippet:show
@Entity
@Table(name = "app_email_log")
public class EmailLog extends AbstractEmailLog {}
// snippet:end entity
