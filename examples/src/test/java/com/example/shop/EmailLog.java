package com.example.shop;

// snippet:start entity
// EmailLog.java
import dev.gatehouse.core.entity.AbstractEmailLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

// snippet:hide
/** The README's Spring Boot host: one of its six entities. */
// snippet:show
@Entity
@Table(name = "app_email_log")
public class EmailLog extends AbstractEmailLog {}
// snippet:end entity
