package dev.gatehouse.examples.app;

import dev.gatehouse.core.entity.AbstractEmailLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The example host's emaillog table: one line, as a fresh host writes it. */
@Entity
@Table(name = "app_email_log")
public class EmailLog extends AbstractEmailLog {}
