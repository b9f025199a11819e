package dev.gatehouse.core.session.internal;

import dev.gatehouse.core.session.DeviceService.DeviceView;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.ProfileService.ProfileView;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.store.DeviceStore.DeviceRecord;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.UserRecord;
import java.util.List;

/** The public views of stored rows, built by the session services. Internal: not API. */
final class Views {
  private Views() {}

  public static ProfileView profile(ProfileRecord p) {
    return new ProfileView(
        p.id(),
        p.role(),
        p.label(),
        p.settingsJson(),
        p.active(),
        p.defaultProfile(),
        p.createdAt(),
        p.modifiedAt(),
        p.person());
  }

  public static DeviceView device(DeviceRecord d) {
    return new DeviceView(
        d.id(),
        d.platform(),
        d.name(),
        d.token(),
        d.notificationToken() != null,
        d.linkedAt(),
        d.lastSeenAt());
  }

  /**
   * The model of a user and their profiles: the current profile is the claimed one when the user
   * has it, else the default one.
   */
  public static Me me(UserRecord user, List<ProfileRecord> profiles, String profileClaim) {
    List<ProfileView> views = profiles.stream().map(Views::profile).toList();
    java.util.Optional<Long> claimed = DefaultProfileService.parseId(profileClaim);
    ProfileView current =
        views.stream()
            .filter(p -> claimed.isPresent() && p.id() == claimed.get())
            .findFirst()
            .or(() -> views.stream().filter(ProfileView::defaultProfile).findFirst())
            .orElse(null);
    return new Me(UserView.of(user), views, current);
  }
}
