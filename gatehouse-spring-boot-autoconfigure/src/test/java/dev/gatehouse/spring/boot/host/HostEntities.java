package dev.gatehouse.spring.boot.host;

import dev.gatehouse.core.entity.AbstractAuthDevice;
import dev.gatehouse.core.entity.AbstractAuthProfile;
import dev.gatehouse.core.entity.AbstractAuthUser;
import dev.gatehouse.core.entity.AbstractEmailLog;
import dev.gatehouse.core.entity.AbstractOtpCode;
import dev.gatehouse.core.entity.AbstractSmsLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** The host's entities, on table names of its own (the starter passes them to Liquibase). */
final class HostEntities {
  private HostEntities() {}

  /** User. */
  @Entity
  @Table(name = "app_user")
  public static class User extends AbstractAuthUser {}

  /** Profile. */
  @Entity
  @Table(name = "app_profile")
  public static class Profile extends AbstractAuthProfile<User> {}

  /** Device. */
  @Entity
  @Table(name = "app_device")
  public static class Device extends AbstractAuthDevice<User> {}

  /** One-time code. */
  @Entity
  @Table(name = "app_otp_code")
  public static class OtpCode extends AbstractOtpCode<User> {}

  /** SMS log. */
  @Entity
  @Table(name = "app_sms_log")
  public static class SmsLog extends AbstractSmsLog {}

  /** Email log. */
  @Entity
  @Table(name = "app_email_log")
  public static class EmailLog extends AbstractEmailLog {}
}
