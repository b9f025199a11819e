package dev.gatehouse.examples.django;

import dev.gatehouse.core.entity.AbstractSmsLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The Django host's SMS log. */
@Entity
@Table(name = "gatehouse_sms_log")
public class DjangoSmsLog extends AbstractSmsLog {}
