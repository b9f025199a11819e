package dev.gatehouse.organizations;

import dev.gatehouse.organizations.entity.AbstractMembership;
import dev.gatehouse.organizations.entity.AbstractOrganization;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A host's own organisation and membership entities, each with a column of its own, on the tables
 * of {@link #CHANGELOG}; and two mappings the store must refuse.
 */
final class HostOrganizations {
  private HostOrganizations() {}

  /** The host's master changelog: its two tables, then the module's for such a host. */
  static final String CHANGELOG =
      "dev/gatehouse/organizations/host/acme-organizations.changelog.xml";

  // snippet:start entities
  @Entity
  @Table(name = "acme_company")
  public static class Company extends AbstractOrganization {
    @Column(name = "billing_plan")
    private String billingPlan;

    public String getBillingPlan() {
      return billingPlan;
    }
  }

  @Entity
  @Table(name = "acme_company_member")
  public static class CompanyMember extends AbstractMembership {
    @Column(name = "cost_centre")
    private String costCentre;

    public String getCostCentre() {
      return costCentre;
    }
  }

  // snippet:end entities

  /** No table name of its own: the store does not guess the naming strategy's. */
  @Entity
  public static class Unnamed extends AbstractOrganization {}

  /** Renames a library column the database does not have. */
  @Entity
  @Table(name = "acme_company")
  @AttributeOverride(name = "name", column = @Column(name = "display_name"))
  public static class Renamed extends AbstractOrganization {}
}
