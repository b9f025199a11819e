package com.example.shop;

import dev.gatehouse.core.entity.AbstractEmailLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The README's Spring Boot host: one of its six entities. */
// snippet:start entity
@Entity
@Table(name = "app_email_log")
public class EmailLog extends AbstractEmailLog {}
// snippet:end entity
