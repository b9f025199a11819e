package dev.gatehouse.organizations;

import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.ModuleTable;
import dev.gatehouse.core.store.ModuleTable.Type;
import dev.gatehouse.core.store.StoreTransaction;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The module's own tables of domains, sign-in connections and policies, kept through the store's
 * {@link ModuleRows} (issue 95): declared here as {@link ModuleTable}s with the changelog ({@link
 * Organizations#manifest()}), read and written the same way on every store, so both {@link
 * OrganizationStore}s share this one implementation and a flow's rows commit and roll back with its
 * transaction, in memory too. Each call runs the statements it ran before.
 */
final class OrganizationRows {
  static final ModuleTable DOMAINS =
      ModuleTable.named("gh_org_domain")
          .column("org_id", Type.TEXT)
          .column("domain_name", Type.TEXT)
          .column("challenge", Type.TEXT)
          .column("created_at", Type.INSTANT)
          .column("verified_at", Type.INSTANT)
          .column("verified_domain", Type.TEXT)
          .column("sign_in", Type.BOOLEAN)
          .column("domain_join", Type.BOOLEAN)
          .unique("org_id", "domain_name")
          .unique("verified_domain")
          .build();

  static final ModuleTable CONNECTIONS =
      ModuleTable.named("gh_org_sso")
          .column("org_id", Type.TEXT)
          .column("kind", Type.TEXT)
          .column("issuer", Type.TEXT)
          .column("client_id", Type.TEXT)
          .column("client_secret", Type.TEXT)
          .column("enforced", Type.BOOLEAN)
          .column("created_at", Type.INSTANT)
          .column("modified_at", Type.INSTANT)
          .unique("org_id")
          .build();

  static final ModuleTable POLICIES =
      ModuleTable.named("gh_org_policy")
          .column("org_id", Type.TEXT)
          .column("mfa_required", Type.BOOLEAN)
          .column("sign_in_methods", Type.TEXT)
          .column("session_lifetime", Type.LONG)
          .column("modified_at", Type.INSTANT)
          .unique("org_id")
          .build();

  private OrganizationRows() {}

  private static ModuleRows rows(StoreTransaction tx, ModuleTable table) {
    return tx.moduleTables().rows(table);
  }

  private static Map<String, Object> of(Object... pairs) {
    Map<String, Object> row = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      row.put((String) pairs[i], pairs[i + 1]);
    }
    return row;
  }

  /** Deletes the organisation's domains, connection and policy. */
  static void deleteOf(StoreTransaction tx, UUID organization) {
    Map<String, Object> of = of("org_id", organization);
    rows(tx, POLICIES).delete(of);
    rows(tx, CONNECTIONS).delete(of);
    rows(tx, DOMAINS).delete(of);
  }

  private static OrganizationDomain domain(Map<String, Object> r) {
    return new OrganizationDomain(
        UUID.fromString((String) r.get("org_id")),
        (String) r.get("domain_name"),
        (String) r.get("challenge"),
        (Instant) r.get("created_at"),
        (Instant) r.get("verified_at"),
        (Boolean) r.get("sign_in"),
        (Boolean) r.get("domain_join"));
  }

  static void insertDomain(StoreTransaction tx, OrganizationDomain d) {
    rows(tx, DOMAINS)
        .insert(
            of(
                "org_id", d.organization(),
                "domain_name", d.domain(),
                "challenge", d.challenge(),
                "created_at", d.createdAt(),
                "verified_at", d.verifiedAt(),
                "verified_domain", d.verified() ? d.domain() : null,
                "sign_in", d.signIn(),
                "domain_join", d.joinAllowed()));
  }

  static List<OrganizationDomain> domains(StoreTransaction tx, UUID organization) {
    return rows(tx, DOMAINS).find(of("org_id", organization)).stream()
        .map(OrganizationRows::domain)
        .sorted(Comparator.comparing(OrganizationDomain::domain))
        .toList();
  }

  static boolean markVerified(StoreTransaction tx, UUID organization, String domain, Instant now) {
    // verified_domain is unique: a second organisation's verification of the domain collides.
    return rows(tx, DOMAINS)
            .update(
                of("org_id", organization, "domain_name", domain, "verified_at", null),
                of("verified_at", now, "verified_domain", domain))
        == 1;
  }

  static void setSignInDomains(StoreTransaction tx, UUID organization, Set<String> domains) {
    rows(tx, DOMAINS).update(of("org_id", organization), of("sign_in", false));
    for (String domain : domains) {
      rows(tx, DOMAINS)
          .update(of("org_id", organization, "domain_name", domain), of("sign_in", true));
    }
  }

  static boolean setJoinAllowed(
      StoreTransaction tx, UUID organization, String domain, boolean allowed) {
    return rows(tx, DOMAINS)
            .update(of("org_id", organization, "domain_name", domain), of("domain_join", allowed))
        == 1;
  }

  static boolean deleteDomain(StoreTransaction tx, UUID organization, String domain) {
    return rows(tx, DOMAINS).delete(of("org_id", organization, "domain_name", domain)) == 1;
  }

  static Optional<OrganizationDomain> verifiedDomain(StoreTransaction tx, String domain) {
    return rows(tx, DOMAINS).find(of("verified_domain", domain)).stream()
        .map(OrganizationRows::domain)
        .findFirst();
  }

  /**
   * The verified domains whose sign-in goes through their organisation's enforced connection, in
   * two reads (the in-memory store's; the JDBC store reads them joined, in the one statement a
   * sign-in's guard has always cost).
   */
  static Set<String> requiredDomains(StoreTransaction tx) {
    Set<String> enforced =
        rows(tx, CONNECTIONS).find(of("enforced", true)).stream()
            .map(r -> (String) r.get("org_id"))
            .collect(Collectors.toSet());
    return rows(tx, DOMAINS).find(of("sign_in", true)).stream()
        .filter(r -> r.get("verified_at") != null && enforced.contains((String) r.get("org_id")))
        .map(r -> (String) r.get("domain_name"))
        .collect(Collectors.toUnmodifiableSet());
  }

  static void saveConnection(StoreTransaction tx, SsoConnection c) {
    rows(tx, CONNECTIONS).delete(of("org_id", c.organization()));
    rows(tx, CONNECTIONS)
        .insert(
            of(
                "org_id", c.organization(),
                "kind", c.kind(),
                "issuer", c.issuer().toString(),
                "client_id", c.clientId(),
                "client_secret", c.sealedSecret(),
                "enforced", c.required(),
                "created_at", c.createdAt(),
                "modified_at", c.modifiedAt()));
  }

  static Optional<SsoConnection> connection(StoreTransaction tx, UUID organization) {
    return rows(tx, CONNECTIONS).find(of("org_id", organization)).stream()
        .map(
            r ->
                new SsoConnection(
                    UUID.fromString((String) r.get("org_id")),
                    (String) r.get("kind"),
                    URI.create((String) r.get("issuer")),
                    (String) r.get("client_id"),
                    (String) r.get("client_secret"),
                    (Boolean) r.get("enforced"),
                    (Instant) r.get("created_at"),
                    (Instant) r.get("modified_at")))
        .findFirst();
  }

  static boolean deleteConnection(StoreTransaction tx, UUID organization) {
    rows(tx, DOMAINS).update(of("org_id", organization), of("sign_in", false));
    return rows(tx, CONNECTIONS).delete(of("org_id", organization)) == 1;
  }

  /** The policy of a row's columns ({@code null}: no policy). */
  static OrganizationPolicy policy(
      @Nullable Boolean mfa, @Nullable String methods, @Nullable Long lifetime) {
    if (mfa == null) {
      return OrganizationPolicy.NONE;
    }
    return new OrganizationPolicy(
        mfa,
        methods == null || methods.isEmpty() ? Set.of() : Set.of(methods.split(",")),
        lifetime == null ? null : Duration.ofSeconds(lifetime));
  }

  static OrganizationPolicy policy(StoreTransaction tx, UUID organization) {
    return rows(tx, POLICIES).find(of("org_id", organization)).stream()
        .map(
            r ->
                policy(
                    (Boolean) r.get("mfa_required"),
                    (String) r.get("sign_in_methods"),
                    (Long) r.get("session_lifetime")))
        .findFirst()
        .orElse(OrganizationPolicy.NONE);
  }

  static void savePolicy(
      StoreTransaction tx, UUID organization, OrganizationPolicy policy, Instant now) {
    rows(tx, POLICIES).delete(of("org_id", organization));
    if (policy.isNone()) {
      return;
    }
    rows(tx, POLICIES)
        .insert(
            of(
                "org_id",
                organization,
                "mfa_required",
                policy.secondFactorRequired(),
                "sign_in_methods",
                String.join(",", new TreeSet<>(policy.signInMethods())),
                "session_lifetime",
                policy.sessionLifetime() == null ? null : policy.sessionLifetime().toSeconds(),
                "modified_at",
                now));
  }
}
