package dev.gatehouse.imports.internal;

import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.entity.EntityClasses;
import java.util.function.Supplier;

/**
 * The command-line tool's entities for a host on the library's default tables ({@code gh_user},
 * {@code gh_profile}, ...) with no columns of its own: the six of {@link DefaultEntities}, the one
 * default set. A host with its own entities passes {@code --entities com.example.MyEntities} (a
 * {@code Supplier<EntityClasses>} with a public no-argument constructor) and puts its jar on the
 * class path.
 */
public final class DefaultTableEntities implements Supplier<EntityClasses> {

  /** Creates the supplier. */
  public DefaultTableEntities() {}

  @Override
  public EntityClasses get() {
    return EntityClasses.builder()
        .user(DefaultEntities.User.class)
        .profile(DefaultEntities.Profile.class)
        .device(DefaultEntities.Device.class)
        .otpCode(DefaultEntities.OtpCode.class)
        .smsLog(DefaultEntities.SmsLog.class)
        .emailLog(DefaultEntities.EmailLog.class)
        .build();
  }
}
