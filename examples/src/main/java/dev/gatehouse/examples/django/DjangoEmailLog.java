package dev.gatehouse.examples.django;

import dev.gatehouse.core.entity.AbstractEmailLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The Django host's email log. */
@Entity
@Table(name = "gatehouse_email_log")
public class DjangoEmailLog extends AbstractEmailLog {}
