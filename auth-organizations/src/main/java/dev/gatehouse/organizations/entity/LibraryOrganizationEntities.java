package dev.gatehouse.organizations.entity;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * Concrete entities on the module's own table names ({@code gh_org}, {@code gh_org_member}, made by
 * {@code Organizations#CHANGELOG}): what a host that does not own these tables uses, and what
 * {@link dev.gatehouse.organizations.OrganizationStore#jdbc()} maps. A host lists them in its
 * persistence unit only to read the rows through JPA; the store needs them on the class path alone.
 * Their entity names are prefixed so as not to collide with a host's own {@code Organization}.
 */
public final class LibraryOrganizationEntities {
  private LibraryOrganizationEntities() {}

  /** An organisation in {@code gh_org}. */
  @Entity(name = "GatehouseOrganization")
  @Table(name = "gh_org")
  public static class Organization extends AbstractOrganization {
    /** Required by JPA. */
    protected Organization() {}
  }

  /** A membership in {@code gh_org_member}. */
  @Entity(name = "GatehouseMembership")
  @Table(name = "gh_org_member")
  public static class Membership extends AbstractMembership {
    /** Required by JPA. */
    protected Membership() {}
  }
}
