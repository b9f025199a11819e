package com.example.apikeys.host;

import dev.gatehouse.core.entity.AbstractSmsLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "app_sms_log")
public class SmsLog extends AbstractSmsLog {}
