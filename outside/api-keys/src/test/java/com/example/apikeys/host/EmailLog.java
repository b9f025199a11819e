package com.example.apikeys.host;

import dev.gatehouse.core.entity.AbstractEmailLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "app_email_log")
public class EmailLog extends AbstractEmailLog {}
