package dev.gatehouse.organizations;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.organizations.entity.AbstractMembership;
import dev.gatehouse.organizations.entity.AbstractOrganization;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The organisations' tables in plain SQL on the connection of the store's transaction, reached
 * through the store's module tables ({@code StoreTransaction#moduleTables()}, {@code
 * ModuleTables#connection}): what the module writes commits and rolls back with the core's writes
 * of the same flow, the host's transaction when one is joined. A store without a connection (the
 * in-memory one) is refused ({@code Organizations.NEEDS_STORE}); its sign-ins' guard then finds no
 * domain that requires an organisation's own sign-in. The organisation and membership tables are
 * the host's entities' ({@link OrganizationTables}, resolved on the first use), the invitations the
 * module's own ({@code gh_org_invitation}); the domains, sign-in connections and policies go
 * through the store's module rows ({@link OrganizationRows}), but for the two joins that read them
 * with another table in one statement. One statement per fact; every statement is SQL that H2,
 * PostgreSQL and MariaDB accept.
 */
final class JdbcOrganizationStore implements OrganizationStore {
  private static final String INVITATION_COLUMNS =
      "id, org_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at";

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c, OrganizationSql d) throws SQLException;
  }

  private final Class<? extends AbstractOrganization> organizationType;
  private final Class<? extends AbstractMembership> membershipType;

  /** Set once the tables were found and mapped; read without a lock, written once. */
  private volatile @Nullable OrganizationTables tables;

  JdbcOrganizationStore(
      Class<? extends AbstractOrganization> organizationType,
      Class<? extends AbstractMembership> membershipType) {
    this.organizationType = organizationType;
    this.membershipType = membershipType;
  }

  private <T> T on(StoreTransaction tx, Work<T> work) {
    Connection c =
        tx.moduleTables()
            .connection()
            .orElseThrow(() -> new ConfigurationException(Organizations.NEEDS_STORE));
    try {
      if (tables == null) {
        if (!tx.moduleTables().has(OrganizationTables.MARKER)) {
          throw new ConfigurationException(Organizations.NEEDS_CHANGELOG);
        }
        tables = OrganizationTables.resolve(organizationType, membershipType, c);
      }
      return work.run(c, OrganizationSql.of(c.getMetaData()));
    } catch (SQLException e) {
      throw OrganizationSql.failure(e);
    }
  }

  /** The mapping, resolved by {@link #on} on the first use. */
  private OrganizationTables t(StoreTransaction tx) {
    OrganizationTables known = tables;
    return known != null ? known : on(tx, (c, d) -> java.util.Objects.requireNonNull(tables));
  }

  private int update(StoreTransaction tx, String sql, Object... values) {
    return on(
        tx,
        (c, d) -> {
          try (PreparedStatement s = d.prepare(c, sql, values)) {
            return s.executeUpdate();
          }
        });
  }

  @FunctionalInterface
  private interface Row<T> {
    T read(ResultSet r, OrganizationSql d) throws SQLException;
  }

  private <T> List<T> query(StoreTransaction tx, String sql, Row<T> row, Object... values) {
    return on(
        tx,
        (c, d) -> {
          try (PreparedStatement s = d.prepare(c, sql, values);
              ResultSet r = s.executeQuery()) {
            List<T> found = new ArrayList<>();
            while (r.next()) {
              found.add(row.read(r, d));
            }
            return found;
          }
        });
  }

  private static <T> Optional<T> one(List<T> found) {
    return found.stream().findFirst();
  }

  private static Organization organization(ResultSet r, OrganizationSql d) throws SQLException {
    return new Organization(
        UUID.fromString(r.getString(1)),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        d.readInstant(r, 5),
        d.readInstant(r, 6));
  }

  private static Membership membership(ResultSet r, OrganizationSql d) throws SQLException {
    String invitedBy = r.getString(5);
    return new Membership(
        UUID.fromString(r.getString(1)),
        UUID.fromString(r.getString(2)),
        r.getString(3),
        d.readInstant(r, 4),
        invitedBy == null ? null : UUID.fromString(invitedBy));
  }

  private static Invitation invitation(ResultSet r, OrganizationSql d) throws SQLException {
    return new Invitation(
        UUID.fromString(r.getString(1)),
        UUID.fromString(r.getString(2)),
        r.getString(3),
        r.getString(4),
        UUID.fromString(r.getString(5)),
        d.readInstant(r, 6),
        d.readInstant(r, 7),
        d.readInstant(r, 8),
        d.readInstant(r, 9));
  }

  @Override
  public void insert(StoreTransaction tx, Organization o) {
    update(
        tx,
        t(tx).insertOrganization,
        o.id().toString(),
        o.name(),
        o.slug(),
        o.settings(),
        o.createdAt(),
        o.modifiedAt());
  }

  @Override
  public Optional<Organization> findBySlug(StoreTransaction tx, String slug) {
    return one(query(tx, t(tx).findBySlug, JdbcOrganizationStore::organization, slug));
  }

  @Override
  public Optional<Organization> find(StoreTransaction tx, UUID id) {
    return one(
        query(tx, t(tx).findOrganization, JdbcOrganizationStore::organization, id.toString()));
  }

  @Override
  public Optional<Organization> lock(StoreTransaction tx, UUID id) {
    return one(
        query(tx, t(tx).lockOrganization, JdbcOrganizationStore::organization, id.toString()));
  }

  @Override
  public void update(StoreTransaction tx, Organization o) {
    update(tx, t(tx).updateOrganization, o.name(), o.settings(), o.modifiedAt(), o.id().toString());
  }

  @Override
  public void delete(StoreTransaction tx, UUID id) {
    // The foreign keys cascade too; the explicit deletes keep a schema without them right.
    OrganizationRows.deleteOf(tx, id);
    update(tx, "delete from gh_org_invitation where org_id = ?", id.toString());
    update(tx, t(tx).deleteMembers, id.toString());
    update(tx, t(tx).deleteOrganization, id.toString());
  }

  @Override
  public void insertMember(StoreTransaction tx, Membership m) {
    update(
        tx,
        t(tx).insertMember,
        m.organization().toString(),
        m.user().toString(),
        m.role(),
        m.joinedAt(),
        m.invitedBy() == null ? null : m.invitedBy().toString());
  }

  @Override
  public Optional<Membership> member(StoreTransaction tx, UUID organization, UUID user) {
    return one(
        query(
            tx,
            t(tx).member,
            JdbcOrganizationStore::membership,
            organization.toString(),
            user.toString()));
  }

  @Override
  public List<Membership> members(StoreTransaction tx, UUID organization) {
    return query(tx, t(tx).members, JdbcOrganizationStore::membership, organization.toString());
  }

  @Override
  public List<Membership> membershipsOf(StoreTransaction tx, UUID user) {
    return query(tx, t(tx).membershipsOf, JdbcOrganizationStore::membership, user.toString());
  }

  @Override
  public void updateRole(StoreTransaction tx, UUID organization, UUID user, String role) {
    update(tx, t(tx).updateRole, role, organization.toString(), user.toString());
  }

  @Override
  public void deleteMember(StoreTransaction tx, UUID organization, UUID user) {
    update(tx, t(tx).deleteMember, organization.toString(), user.toString());
  }

  @Override
  public void insertInvitation(StoreTransaction tx, Invitation i, String tokenHash) {
    update(
        tx,
        "insert into gh_org_invitation ("
            + INVITATION_COLUMNS
            + ", token_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        i.id().toString(),
        i.organization().toString(),
        i.email(),
        i.role(),
        i.invitedBy().toString(),
        i.createdAt(),
        i.expiresAt(),
        i.acceptedAt(),
        i.revokedAt(),
        tokenHash);
  }

  @Override
  public Optional<Invitation> invitation(StoreTransaction tx, UUID organization, UUID id) {
    return one(
        query(
            tx,
            "select " + INVITATION_COLUMNS + " from gh_org_invitation where id = ? and org_id = ?",
            JdbcOrganizationStore::invitation,
            id.toString(),
            organization.toString()));
  }

  @Override
  public List<Invitation> pendingInvitations(StoreTransaction tx, UUID organization, Instant now) {
    return query(
        tx,
        "select "
            + INVITATION_COLUMNS
            + " from gh_org_invitation where org_id = ? and accepted_at is null"
            + " and revoked_at is null and expires_at > ? order by created_at",
        JdbcOrganizationStore::invitation,
        organization.toString(),
        now);
  }

  @Override
  public Optional<Invitation> lockPending(StoreTransaction tx, String tokenHash, Instant now) {
    // A locking read: a second accept of the same token waits here for the first to commit, then
    // reads the row as committed (accepted) and finds nothing, on every database of the four.
    return one(query(
            tx,
            "select "
                + INVITATION_COLUMNS
                + " from gh_org_invitation where token_hash = ? for update",
            JdbcOrganizationStore::invitation,
            tokenHash))
        .filter(i -> i.pending(now));
  }

  @Override
  public boolean markAccepted(StoreTransaction tx, UUID id, Instant now) {
    return update(
            tx,
            "update gh_org_invitation set accepted_at = ? where id = ? and accepted_at is null"
                + " and revoked_at is null and expires_at > ?",
            now,
            id.toString(),
            now)
        == 1;
  }

  @Override
  public boolean revoke(StoreTransaction tx, UUID organization, UUID id, Instant now) {
    return update(
            tx,
            "update gh_org_invitation set revoked_at = ? where id = ? and org_id = ?"
                + " and accepted_at is null and revoked_at is null and expires_at > ?",
            now,
            id.toString(),
            organization.toString(),
            now)
        == 1;
  }

  @Override
  public boolean renew(
      StoreTransaction tx,
      UUID organization,
      UUID id,
      String tokenHash,
      Instant expiresAt,
      Instant now) {
    return update(
            tx,
            "update gh_org_invitation set token_hash = ?, expires_at = ? where id = ?"
                + " and org_id = ? and accepted_at is null and revoked_at is null"
                + " and expires_at > ?",
            tokenHash,
            expiresAt,
            id.toString(),
            organization.toString(),
            now)
        == 1;
  }

  @Override
  public void insertDomain(StoreTransaction tx, OrganizationDomain m) {
    OrganizationRows.insertDomain(tx, m);
  }

  @Override
  public List<OrganizationDomain> domains(StoreTransaction tx, UUID organization) {
    return OrganizationRows.domains(tx, organization);
  }

  @Override
  public boolean markVerified(StoreTransaction tx, UUID organization, String domain, Instant now) {
    return OrganizationRows.markVerified(tx, organization, domain, now);
  }

  @Override
  public void setSignInDomains(
      StoreTransaction tx, UUID organization, java.util.Set<String> domains) {
    OrganizationRows.setSignInDomains(tx, organization, domains);
  }

  @Override
  public boolean setJoinAllowed(
      StoreTransaction tx, UUID organization, String domain, boolean allowed) {
    return OrganizationRows.setJoinAllowed(tx, organization, domain, allowed);
  }

  @Override
  public boolean deleteDomain(StoreTransaction tx, UUID organization, String domain) {
    return OrganizationRows.deleteDomain(tx, organization, domain);
  }

  @Override
  public Optional<OrganizationDomain> verifiedDomain(StoreTransaction tx, String domain) {
    return OrganizationRows.verifiedDomain(tx, domain);
  }

  @Override
  public void saveConnection(StoreTransaction tx, SsoConnection c) {
    OrganizationRows.saveConnection(tx, c);
  }

  @Override
  public Optional<SsoConnection> connection(StoreTransaction tx, UUID organization) {
    return OrganizationRows.connection(tx, organization);
  }

  @Override
  public boolean deleteConnection(StoreTransaction tx, UUID organization) {
    return OrganizationRows.deleteConnection(tx, organization);
  }

  @Override
  public java.util.Set<String> requiredDomains(StoreTransaction tx) {
    // Asked for every sign-in's guard: a host without the module's tables (or without the JPA
    // store) has no organisation, so none requires its own sign-in and every sign-in goes on; the
    // organisations' own calls still refuse with the changelog to include.
    Optional<Connection> c = tx.moduleTables().connection();
    if (c.isEmpty() || !(tables != null || tx.moduleTables().has(OrganizationTables.MARKER))) {
      return java.util.Set.of();
    }
    return java.util.Set.copyOf(
        query(
            tx,
            "select d.domain_name from gh_org_domain d join gh_org_sso s on s.org_id = d.org_id"
                + " where d.verified_at is not null and d.sign_in = ? and s.enforced = ?",
            (r, d) -> r.getString(1),
            true,
            true));
  }

  /** The policy of a row's columns from {@code first} on (null columns: no policy). */
  private static OrganizationPolicy policy(ResultSet r, int first) throws SQLException {
    boolean mfa = r.getBoolean(first);
    boolean none = r.wasNull();
    String methods = r.getString(first + 1);
    long lifetime = r.getLong(first + 2);
    return OrganizationRows.policy(none ? null : mfa, methods, r.wasNull() ? null : lifetime);
  }

  @Override
  public Optional<ActiveMember> activeMember(StoreTransaction tx, UUID organization, UUID user) {
    return one(
        query(
            tx,
            t(tx).activeMember,
            (r, d) -> new ActiveMember(membership(r, d), policy(r, 6)),
            organization.toString(),
            user.toString()));
  }

  @Override
  public OrganizationPolicy policy(StoreTransaction tx, UUID organization) {
    return OrganizationRows.policy(tx, organization);
  }

  @Override
  public void savePolicy(
      StoreTransaction tx, UUID organization, OrganizationPolicy policy, Instant now) {
    OrganizationRows.savePolicy(tx, organization, policy, now);
  }
}
