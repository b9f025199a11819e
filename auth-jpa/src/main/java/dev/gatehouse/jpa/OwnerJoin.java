package dev.gatehouse.jpa;

import org.jspecify.annotations.Nullable;

/**
 * The owner's read of a refresh ({@link HostMapping.Statement#SESSION_OWNER}) folded into the
 * statements that rotate its token ({@link SessionSql}): what they select after their own columns
 * and join after their session, aliased {@code s}. It reads what the owner's own read reads, in its
 * order, then the user's key (null: no user has the session's public id). Immutable.
 *
 * @param columns the select list's tail, starting with a comma
 * @param joins the left joins of the user by the session's public id and of the profile by the
 *     session's profile and the user's key
 */
record OwnerJoin(String columns, String joins) {

  /**
   * The joins for a plain owner read of {@code user} and {@code profile}, or {@code null} when the
   * user table does not hold the public id as the session does: as text, unconverted.
   */
  static @Nullable OwnerJoin of(HostTable user, HostTable profile) {
    if (user.columns().get("publicId").converter() != null) {
      return null;
    }
    String key = "gh_o." + col(user, user.id());
    return new OwnerJoin(
        ", gh_o."
            + col(user, "active")
            + ", gh_o."
            + col(user, "deletedAt")
            + ", gh_o."
            + col(user, "staff")
            + ", gh_o."
            + col(user, "superuser")
            + ", gh_op."
            + col(profile, "id")
            + ", gh_op."
            + col(profile, "role")
            + ", "
            + key,
        " left join "
            + user.name()
            + " gh_o on gh_o."
            + col(user, "publicId")
            + " = s.user_public_id left join "
            + profile.name()
            + " gh_op on gh_op."
            + col(profile, "id")
            + " = s.profile_id and gh_op."
            + profile.joins().get("user").name()
            + " = "
            + key);
  }

  private static String col(HostTable t, String attribute) {
    return t.columns().get(attribute).name();
  }
}
