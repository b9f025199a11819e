package dev.gatehouse.examples.legacy;

import dev.gatehouse.core.entity.EntityClasses;
import java.util.Map;

/** The legacy host's entity set, changelog and parameters. */
public final class LegacyEntities {
  /** The host's master changelog: its pre-Gatehouse history, its adoption, the library's. */
  public static final String CHANGELOG = "db/changelog/legacy-master.xml";

  /** The user key is a 24-character string, so the library's foreign keys must be too. */
  public static final Map<String, String> PARAMETERS =
      Map.of("gatehouse.userIdType", "VARCHAR(24)");

  private LegacyEntities() {}

  /** The six classes. */
  public static EntityClasses classes() {
    return EntityClasses.builder()
        .user(LegacyUser.class)
        .profile(LegacyProfile.class)
        .device(LegacyDevice.class)
        .otpCode(LegacyOtpCode.class)
        .smsLog(LegacySmsLog.class)
        .emailLog(LegacyEmailLog.class)
        .build();
  }
}
