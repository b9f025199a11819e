package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A role a member holds in an organisation, and the permissions it grants. Three are built in:
 * {@link #OWNER} (every permission, the only role that may make or unmake owners, and never fewer
 * than one per organisation), {@link #ADMIN} (everything but deleting the organisation and owners'
 * memberships) and {@link #MEMBER} (reading the organisation and its members). A host adds its own
 * with {@link Organizations.Builder#role}, each with permission names of its own beside these.
 *
 * <pre>{@code
 * new Organizations.Builder()
 *     .role(new OrganizationRole("billing", Set.of(OrganizationRole.READ, "invoices.manage")))
 *     .build();
 * }</pre>
 *
 * @param name the role's name: lower-case letters, digits, {@code -} and {@code _}, at most 64
 * @param permissions the permissions it grants
 */
public record OrganizationRole(String name, Set<String> permissions) {
  /** Reading the organisation. */
  public static final String READ = "organization.read";

  /** Changing the organisation's name and settings. */
  public static final String UPDATE = "organization.update";

  /** Deleting the organisation. */
  public static final String DELETE = "organization.delete";

  /** Listing the members. */
  public static final String MEMBERS_READ = "members.read";

  /** Inviting, and revoking or resending invitations. */
  public static final String MEMBERS_INVITE = "members.invite";

  /** Removing members (an owner only by an owner). */
  public static final String MEMBERS_REMOVE = "members.remove";

  /** Changing members' roles (to or from owner only by an owner). */
  public static final String MEMBERS_ROLE = "members.role";

  /**
   * Managing the organisation's email domains and its own sign-in (only the owner holds it among
   * the built-in roles).
   */
  public static final String SIGN_IN_MANAGE = "organization.sign_in";

  /** Switching into the organisation (the active organisation of a session). */
  public static final String SWITCH = "organization.switch";

  /** The owner's name. */
  public static final String OWNER = "owner";

  /** The admin's name. */
  public static final String ADMIN = "admin";

  /** The member's name. */
  public static final String MEMBER = "member";

  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,64}");

  /**
   * @param name see the record description
   * @param permissions see the record description
   * @throws IllegalArgumentException when the name is not of the shape above or a permission is
   *     blank
   */
  public OrganizationRole {
    requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a role's name is 1 to 64 of a-z, 0-9, - and _, was: " + name);
    }
    permissions = Set.copyOf(permissions);
    for (String p : permissions) {
      if (p.isBlank() || p.length() > 100) {
        throw new IllegalArgumentException("a permission name is 1 to 100 characters: " + p);
      }
    }
  }

  /** {@return the built-in roles: owner, admin, member} */
  public static List<OrganizationRole> builtIn() {
    Set<String> admin =
        Set.of(READ, UPDATE, MEMBERS_READ, MEMBERS_INVITE, MEMBERS_REMOVE, MEMBERS_ROLE, SWITCH);
    Set<String> owner = new java.util.HashSet<>(admin);
    owner.add(DELETE);
    return List.of(
        new OrganizationRole(OWNER, owner),
        new OrganizationRole(ADMIN, admin),
        new OrganizationRole(MEMBER, Set.of(READ, MEMBERS_READ, SWITCH)));
  }

  /**
   * {@return whether this role grants {@code permission}: the owner grants every permission, a
   * host's own included}
   *
   * @param permission a permission name
   */
  public boolean grants(String permission) {
    return name.equals(OWNER) || permissions.contains(permission);
  }
}
