package dev.gatehouse.saml;

import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.StoreTransaction;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The module's own tables, through the store's module tables in the flow's transaction, so on every
 * store: the organisations' identity providers ({@value #PROVIDERS}), the requests the application
 * sent and waits an answer to ({@value #REQUESTS}), and the assertions used, remembered until they
 * expire so that none signs in twice ({@value #ASSERTIONS}), and the sessions a provider's sign-in
 * began, by its {@code NameID} and {@code SessionIndex}, so that its logout ends them ({@value
 * #SESSIONS}). Expiries are epoch seconds, so that the range delete of {@link #forgetExpired} binds
 * a number, never a time zone.
 */
final class SamlTables {
  static final String PROVIDERS = "gh_saml_provider";
  static final String REQUESTS = "gh_saml_request";
  static final String ASSERTIONS = "gh_saml_assertion";
  static final String SESSIONS = "gh_saml_session";

  private SamlTables() {}

  /** An organisation's provider as stored. */
  record Provider(
      UUID organization,
      IdpMetadata metadata,
      @Nullable String emailAttribute,
      boolean idpInitiated,
      Instant createdAt,
      Instant modifiedAt) {}

  static Optional<Provider> provider(StoreTransaction tx, UUID organization) {
    List<Map<String, Object>> rows =
        rows(tx, PROVIDERS).find(Map.of("org_id", organization.toString()));
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> r = rows.get(0);
    List<X509Certificate> certs =
        Arrays.stream(((String) r.get("certificates")).split(" "))
            .map(IdpMetadata::certificate)
            .toList();
    return Optional.of(
        new Provider(
            organization,
            new IdpMetadata(
                (String) r.get("entity_id"),
                URI.create((String) r.get("sso_url")),
                certs,
                r.get("slo_url") instanceof String slo ? URI.create(slo) : null),
            (String) r.get("email_attribute"),
            (Boolean) r.get("idp_initiated"),
            (Instant) r.get("created_at"),
            (Instant) r.get("modified_at")));
  }

  static void saveProvider(StoreTransaction tx, Provider p) {
    ModuleRows rows = rows(tx, PROVIDERS);
    Map<String, Object> row = new HashMap<>();
    row.put("org_id", p.organization().toString());
    row.put("entity_id", p.metadata().entityId());
    row.put("sso_url", p.metadata().singleSignOnUrl().toString());
    URI slo = p.metadata().singleLogoutUrl();
    row.put("slo_url", slo == null ? null : slo.toString());
    row.put(
        "certificates",
        String.join(" ", p.metadata().certificates().stream().map(IdpMetadata::text).toList()));
    row.put("email_attribute", p.emailAttribute());
    row.put("idp_initiated", p.idpInitiated());
    row.put("created_at", p.createdAt());
    row.put("modified_at", p.modifiedAt());
    rows.delete(Map.of("org_id", p.organization().toString()));
    rows.insert(row);
  }

  static void rememberRequest(
      StoreTransaction tx, String requestId, UUID organization, Instant expires) {
    rows(tx, REQUESTS)
        .insert(
            Map.of(
                "request_id",
                requestId,
                "org_id",
                organization.toString(),
                "expires_at",
                expires.getEpochSecond()));
  }

  /**
   * Spends a remembered request of the organisation: {@code true} when it was there, unexpired; it
   * is gone either way, so it answers once.
   */
  static boolean spendRequest(
      StoreTransaction tx, String requestId, UUID organization, Instant now) {
    ModuleRows rows = rows(tx, REQUESTS);
    Map<String, Object> key = Map.of("request_id", requestId, "org_id", organization.toString());
    List<Map<String, Object>> found = rows.find(key);
    if (found.isEmpty() || rows.delete(key) != 1) {
      return false;
    }
    return now.getEpochSecond() < ((Number) found.get(0).get("expires_at")).longValue();
  }

  /** {@return whether the assertion was used before (and is remembered still)} */
  static boolean assertionUsed(StoreTransaction tx, String assertionKey) {
    return !rows(tx, ASSERTIONS).find(Map.of("assertion_key", assertionKey)).isEmpty();
  }

  /**
   * Remembers a used assertion until it expires.
   *
   * @throws StoreTransaction.DuplicateKeyException when it was used before
   */
  static void useAssertion(
      StoreTransaction tx, String assertionKey, UUID organization, Instant expires) {
    rows(tx, ASSERTIONS)
        .insert(
            Map.of(
                "assertion_key",
                assertionKey,
                "org_id",
                organization.toString(),
                "expires_at",
                expires.getEpochSecond()));
  }

  /** A session a provider's sign-in began, as its logout names it. */
  record SignedInSession(UUID account, String sessionId, @Nullable String sessionIndex) {}

  static void rememberSession(
      StoreTransaction tx,
      UUID organization,
      String nameId,
      @Nullable String sessionIndex,
      UUID account,
      String sessionId,
      Instant expires) {
    Map<String, Object> row = new HashMap<>();
    row.put("session_id", sessionId);
    row.put("org_id", organization.toString());
    row.put("name_id", nameId);
    row.put("session_index", sessionIndex);
    row.put("user_id", account.toString());
    row.put("expires_at", expires.getEpochSecond());
    rows(tx, SESSIONS).insert(row);
  }

  /** {@return the sessions the organisation's provider began for the {@code NameID}} */
  static List<SignedInSession> sessions(StoreTransaction tx, UUID organization, String nameId) {
    return rows(tx, SESSIONS)
        .find(Map.of("org_id", organization.toString(), "name_id", nameId))
        .stream()
        .map(
            r ->
                new SignedInSession(
                    UUID.fromString((String) r.get("user_id")),
                    (String) r.get("session_id"),
                    (String) r.get("session_index")))
        .toList();
  }

  static void forgetSession(StoreTransaction tx, String sessionId) {
    rows(tx, SESSIONS).delete(Map.of("session_id", sessionId));
  }

  /**
   * Forgets what expired, on a relational store (the rows take equal columns only; a range needs
   * the connection). The in-memory store keeps them, as a test's store does.
   */
  static void forgetExpired(StoreTransaction tx, Instant now) {
    Optional<Connection> c = tx.moduleTables().connection();
    if (c.isEmpty()) {
      return;
    }
    for (String table : List.of(REQUESTS, ASSERTIONS, SESSIONS)) {
      try (PreparedStatement s =
          c.get().prepareStatement("DELETE FROM " + table + " WHERE expires_at < ?")) {
        s.setLong(1, now.getEpochSecond());
        s.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException("forgetting expired rows of " + table + " failed", e);
      }
    }
  }

  private static ModuleRows rows(StoreTransaction tx, String table) {
    return tx.moduleTables().rows(table);
  }
}
