package dev.gatehouse.spring.boot.incomplete;

import dev.gatehouse.core.entity.AbstractAuthProfile;
import dev.gatehouse.core.entity.AbstractAuthUser;
import dev.gatehouse.core.entity.AbstractEmailLog;
import dev.gatehouse.core.entity.AbstractOtpCode;
import dev.gatehouse.core.entity.AbstractSmsLog;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A host that forgot its device entity. */
@SpringBootApplication
public class IncompleteHost {
  /** User. */
  @Entity
  @Table(name = "inc_user")
  public static class User extends AbstractAuthUser {}

  /** Profile. */
  @Entity
  @Table(name = "inc_profile")
  public static class Profile extends AbstractAuthProfile<User> {}

  /** One-time code. */
  @Entity
  @Table(name = "inc_otp_code")
  public static class OtpCode extends AbstractOtpCode<User> {}

  /** SMS log. */
  @Entity
  @Table(name = "inc_sms_log")
  public static class SmsLog extends AbstractSmsLog {}

  /** Email log. */
  @Entity
  @Table(name = "inc_email_log")
  public static class EmailLog extends AbstractEmailLog {}
}
