package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import java.util.List;

/**
 * Organisations and their memberships brought over from another system by an importer ({@code
 * auth-import}'s {@code OrganizationImporter}): written without an acting account, as an
 * administrator's migration is. An organisation is found by its slug, so an import run again adds
 * only what is new; each organisation is written in one transaction, with an event and an audit row
 * ({@code MembershipChanged} {@code joined}) for every membership it makes. From {@code
 * gatehouse.feature(OrganizationImports.class)}. Thread-safe.
 *
 * <pre>{@code
 * OrganizationImports imports = gatehouse.feature(OrganizationImports.class);
 * ImportResult r = imports.importOrganization(new ImportedOrganization("Acme", "acme",
 *     List.of(new ImportedMember("alice@acme.example", "owner"),
 *             new ImportedMember("bob@acme.example", "member"))));
 * }</pre>
 */
public interface OrganizationImports {

  /**
   * Creates the organisation of the slug, or finds it, and makes each member whose address has a
   * live account a member with its role; an account that is a member already keeps its role. The
   * organisation must have an owner once imported (one of the members, or one it had).
   *
   * @param organization the organisation as the other system knew it
   * @return what was done
   * @throws RejectedInputException {@code invalid_name} for a bad name or slug, {@code
   *     invalid_role} for a role the host does not define, {@code last_owner} when the organisation
   *     would have no owner; nothing was written
   */
  ImportResult importOrganization(ImportedOrganization organization);

  /**
   * An organisation as another system knew it.
   *
   * @param name its display name
   * @param slug its unique short name, which finds it when it was imported before
   * @param members its members
   */
  record ImportedOrganization(String name, String slug, List<ImportedMember> members) {
    /**
     * Copies the members.
     *
     * @param name see the record description
     * @param slug see the record description
     * @param members see the record description
     */
    public ImportedOrganization {
      requireNonNull(name, "name");
      requireNonNull(slug, "slug");
      members = List.copyOf(requireNonNull(members, "members"));
    }

    /** Without the members' addresses. */
    @Override
    public String toString() {
      return "ImportedOrganization[slug=" + slug + ", members=" + members.size() + "]";
    }
  }

  /**
   * A member as another system knew it.
   *
   * @param email the member's address, which finds the account
   * @param role the role, built in or the host's
   */
  record ImportedMember(String email, String role) {
    /**
     * @param email see the record description
     * @param role see the record description
     */
    public ImportedMember {
      requireNonNull(email, "email");
      requireNonNull(role, "role");
    }

    /** Without the address. */
    @Override
    public String toString() {
      return "ImportedMember[role=" + role + "]";
    }
  }

  /**
   * What the import of one organisation did.
   *
   * @param organization the organisation, created or found
   * @param created whether it was created
   * @param joined the addresses whose accounts became members
   * @param kept the addresses whose accounts were members already (their roles kept)
   * @param unknown the addresses without a live account (no membership made)
   */
  record ImportResult(
      Organization organization,
      boolean created,
      List<String> joined,
      List<String> kept,
      List<String> unknown) {
    /**
     * Copies the lists.
     *
     * @param organization see the record description
     * @param created see the record description
     * @param joined see the record description
     * @param kept see the record description
     * @param unknown see the record description
     */
    public ImportResult {
      requireNonNull(organization, "organization");
      joined = List.copyOf(joined);
      kept = List.copyOf(kept);
      unknown = List.copyOf(unknown);
    }

    /** Counts only: the addresses stay out of logs. */
    @Override
    public String toString() {
      return "ImportResult["
          + organization
          + ", created="
          + created
          + ", joined="
          + joined.size()
          + ", kept="
          + kept.size()
          + ", unknown="
          + unknown.size()
          + "]";
    }
  }
}
