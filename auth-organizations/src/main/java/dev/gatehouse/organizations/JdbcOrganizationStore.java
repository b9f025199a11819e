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
 * the host's entities' ({@link OrganizationTables}, resolved on the first use), the others the
 * module's own ({@code gh_org_invitation}, {@code gh_org_domain}, {@code gh_org_sso}, {@code
 * gh_org_policy}). One statement per fact; every statement is SQL that H2, PostgreSQL and MariaDB
 * accept.
 */
final class JdbcOrganizationStore implements OrganizationStore {
  private static final String DOMAIN_COLUMNS =
      "org_id, domain_name, challenge, created_at, verified_at, sign_in, domain_join";
  private static final String SSO_COLUMNS =
      "org_id, kind, issuer, client_id, client_secret, enforced, created_at, modified_at";
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
    update(tx, "delete from gh_org_policy where org_id = ?", id.toString());
    update(tx, "delete from gh_org_sso where org_id = ?", id.toString());
    update(tx, "delete from gh_org_domain where org_id = ?", id.toString());
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

  private static OrganizationDomain domain(ResultSet r, OrganizationSql d) throws SQLException {
    return new OrganizationDomain(
        UUID.fromString(r.getString(1)),
        r.getString(2),
        r.getString(3),
        d.readInstant(r, 4),
        d.readInstant(r, 5),
        r.getBoolean(6),
        r.getBoolean(7));
  }

  private static SsoConnection connection(ResultSet r, OrganizationSql d) throws SQLException {
    return new SsoConnection(
        UUID.fromString(r.getString(1)),
        r.getString(2),
        java.net.URI.create(r.getString(3)),
        r.getString(4),
        r.getString(5),
        r.getBoolean(6),
        d.readInstant(r, 7),
        d.readInstant(r, 8));
  }

  @Override
  public void insertDomain(StoreTransaction tx, OrganizationDomain m) {
    update(
        tx,
        "insert into gh_org_domain (" + DOMAIN_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)",
        m.organization().toString(),
        m.domain(),
        m.challenge(),
        m.createdAt(),
        m.verifiedAt(),
        m.signIn(),
        m.joinAllowed());
  }

  @Override
  public List<OrganizationDomain> domains(StoreTransaction tx, UUID organization) {
    return query(
        tx,
        "select " + DOMAIN_COLUMNS + " from gh_org_domain where org_id = ? order by domain_name",
        JdbcOrganizationStore::domain,
        organization.toString());
  }

  @Override
  public boolean markVerified(StoreTransaction tx, UUID organization, String domain, Instant now) {
    // verified_domain is unique: a second organisation's verification of the domain collides.
    return update(
            tx,
            "update gh_org_domain set verified_at = ?, verified_domain = ? where org_id = ?"
                + " and domain_name = ? and verified_at is null",
            now,
            domain,
            organization.toString(),
            domain)
        == 1;
  }

  @Override
  public void setSignInDomains(
      StoreTransaction tx, UUID organization, java.util.Set<String> domains) {
    update(
        tx,
        "update gh_org_domain set sign_in = ? where org_id = ?",
        false,
        organization.toString());
    for (String domain : domains) {
      update(
          tx,
          "update gh_org_domain set sign_in = ? where org_id = ? and domain_name = ?",
          true,
          organization.toString(),
          domain);
    }
  }

  @Override
  public boolean setJoinAllowed(
      StoreTransaction tx, UUID organization, String domain, boolean allowed) {
    String sql = "update gh_org_domain set domain_join = ? where org_id = ? and domain_name = ?";
    return update(tx, sql, allowed, organization.toString(), domain) == 1;
  }

  @Override
  public boolean deleteDomain(StoreTransaction tx, UUID organization, String domain) {
    return update(
            tx,
            "delete from gh_org_domain where org_id = ? and domain_name = ?",
            organization.toString(),
            domain)
        == 1;
  }

  @Override
  public Optional<OrganizationDomain> verifiedDomain(StoreTransaction tx, String domain) {
    return one(
        query(
            tx,
            "select " + DOMAIN_COLUMNS + " from gh_org_domain where verified_domain = ?",
            JdbcOrganizationStore::domain,
            domain));
  }

  @Override
  public void saveConnection(StoreTransaction tx, SsoConnection c) {
    update(tx, "delete from gh_org_sso where org_id = ?", c.organization().toString());
    update(
        tx,
        "insert into gh_org_sso (" + SSO_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)",
        c.organization().toString(),
        c.kind(),
        c.issuer().toString(),
        c.clientId(),
        c.sealedSecret(),
        c.required(),
        c.createdAt(),
        c.modifiedAt());
  }

  @Override
  public Optional<SsoConnection> connection(StoreTransaction tx, UUID organization) {
    return one(
        query(
            tx,
            "select " + SSO_COLUMNS + " from gh_org_sso where org_id = ?",
            JdbcOrganizationStore::connection,
            organization.toString()));
  }

  @Override
  public boolean deleteConnection(StoreTransaction tx, UUID organization) {
    update(
        tx,
        "update gh_org_domain set sign_in = ? where org_id = ?",
        false,
        organization.toString());
    return update(tx, "delete from gh_org_sso where org_id = ?", organization.toString()) == 1;
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
    if (r.wasNull()) {
      return OrganizationPolicy.NONE;
    }
    String methods = r.getString(first + 1);
    long lifetime = r.getLong(first + 2);
    boolean noLifetime = r.wasNull();
    return new OrganizationPolicy(
        mfa,
        methods == null || methods.isEmpty()
            ? java.util.Set.of()
            : java.util.Set.of(methods.split(",")),
        noLifetime ? null : java.time.Duration.ofSeconds(lifetime));
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
    return one(query(
            tx,
            "select mfa_required, sign_in_methods, session_lifetime from gh_org_policy"
                + " where org_id = ?",
            (r, d) -> policy(r, 1),
            organization.toString()))
        .orElse(OrganizationPolicy.NONE);
  }

  @Override
  public void savePolicy(
      StoreTransaction tx, UUID organization, OrganizationPolicy policy, Instant now) {
    update(tx, "delete from gh_org_policy where org_id = ?", organization.toString());
    if (policy.isNone()) {
      return;
    }
    update(
        tx,
        "insert into gh_org_policy (org_id, mfa_required, sign_in_methods, session_lifetime,"
            + " modified_at) values (?, ?, ?, ?, ?)",
        organization.toString(),
        policy.secondFactorRequired(),
        String.join(",", new java.util.TreeSet<>(policy.signInMethods())),
        policy.sessionLifetime() == null ? null : policy.sessionLifetime().toSeconds(),
        now);
  }
}
