package dev.gatehouse.examples.legacy;

import dev.gatehouse.core.entity.AbstractEmailLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The legacy host's emaillog table, created by the library's changelog under the host's naming. */
@Entity
@Table(name = "accounts_email_log")
public class LegacyEmailLog extends AbstractEmailLog {}
