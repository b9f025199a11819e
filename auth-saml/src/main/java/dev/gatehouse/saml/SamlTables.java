package dev.gatehouse.saml;

import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.ModuleTable;
import dev.gatehouse.core.store.StoreTransaction;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The module's own tables, through the store's module tables in the flow's transaction, so on every
 * store: the organisations' identity providers ({@value #PROVIDERS}), the requests the application
 * sent and waits an answer to ({@value #REQUESTS}), the assertions used ({@value #ASSERTIONS}) and
 * the logout requests obeyed ({@value #LOGOUT_REQUESTS}), each remembered until it expires so that
 * none works twice ({@link #useOnce}), and the sessions a provider's sign-in began, by its {@code
 * NameID} and {@code SessionIndex}, so that its logout ends them ({@value #SESSIONS}). Expiries are
 * epoch seconds (a changelog released so; the range delete of {@link #forgetExpired} binds a
 * number).
 */
final class SamlTables {
  static final String PROVIDERS = "gh_saml_provider";
  static final String REQUESTS = "gh_saml_request";
  static final String ASSERTIONS = "gh_saml_assertion";
  static final String SESSIONS = "gh_saml_session";
  static final String LOGOUT_REQUESTS = "gh_saml_logout_request";

  static final ModuleTable PROVIDER_TABLE =
      ModuleTable.named(PROVIDERS)
          .column("org_id", ModuleTable.Type.TEXT)
          .column("entity_id", ModuleTable.Type.TEXT)
          .column("sso_url", ModuleTable.Type.TEXT)
          .column("slo_url", ModuleTable.Type.TEXT)
          .column("certificates", ModuleTable.Type.TEXT)
          .column("email_attribute", ModuleTable.Type.TEXT)
          .column("idp_initiated", ModuleTable.Type.BOOLEAN)
          .column("created_at", ModuleTable.Type.INSTANT)
          .column("modified_at", ModuleTable.Type.INSTANT)
          .unique("org_id")
          .build();
  static final ModuleTable REQUEST_TABLE = memory(REQUESTS, "request_id");
  static final ModuleTable ASSERTION_TABLE = memory(ASSERTIONS, "assertion_key");
  static final ModuleTable LOGOUT_REQUEST_TABLE = memory(LOGOUT_REQUESTS, "request_key");
  static final ModuleTable SESSION_TABLE =
      ModuleTable.named(SESSIONS)
          .column("session_id", ModuleTable.Type.TEXT)
          .column("org_id", ModuleTable.Type.TEXT)
          .column("name_id", ModuleTable.Type.TEXT)
          .column("session_index", ModuleTable.Type.TEXT)
          .column("user_id", ModuleTable.Type.TEXT)
          .column("expires_at", ModuleTable.Type.LONG)
          .unique("session_id")
          .build();

  /**
   * A memory of the provider's messages that work once: its table and the column of the message's
   * key ({@link #replayKey}).
   */
  enum ReplayMemory {
    /** The assertions that signed in. */
    ASSERTION(ASSERTION_TABLE, "assertion_key"),
    /** The logout requests that ended sessions. */
    LOGOUT_REQUEST(LOGOUT_REQUEST_TABLE, "request_key");

    private final ModuleTable table;
    private final String keyColumn;

    ReplayMemory(ModuleTable table, String keyColumn) {
      this.table = table;
      this.keyColumn = keyColumn;
    }
  }

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
        rows(tx, PROVIDER_TABLE).find(Map.of("org_id", organization.toString()));
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
    ModuleRows rows = rows(tx, PROVIDER_TABLE);
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
    rows(tx, REQUEST_TABLE)
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
    ModuleRows rows = rows(tx, REQUEST_TABLE);
    Map<String, Object> key = Map.of("request_id", requestId, "org_id", organization.toString());
    List<Map<String, Object>> found = rows.find(key);
    if (found.isEmpty() || rows.delete(key) != 1) {
      return false;
    }
    return now.getEpochSecond() < ((Number) found.get(0).get("expires_at")).longValue();
  }

  /**
   * {@return the key of a provider's message in a replay memory: its issuer and id, hashed (an id
   * is unique for its issuer only, and may be longer than the column)}
   */
  static String replayKey(String issuer, String id) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest((issuer + "\n" + id).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Uses a provider's message once: remembers its key until {@code expires}, when it was not
   * remembered yet. Two transactions that use the same message at once both find nothing, and the
   * second one's insert waits for the first and collides with its committed row: exactly one wins.
   *
   * @return {@code true} when the message was used now; {@code false} when it was used before (and
   *     is remembered still)
   * @throws StoreTransaction.DuplicateKeyException when a concurrent transaction used it first
   */
  static boolean useOnce(
      StoreTransaction tx, ReplayMemory memory, String key, UUID organization, Instant expires) {
    ModuleRows rows = rows(tx, memory.table);
    if (!rows.find(Map.of(memory.keyColumn, key)).isEmpty()) {
      return false;
    }
    rows.insert(
        Map.of(
            memory.keyColumn,
            key,
            "org_id",
            organization.toString(),
            "expires_at",
            expires.getEpochSecond()));
    return true;
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
    rows(tx, SESSION_TABLE).insert(row);
  }

  /** {@return the sessions the organisation's provider began for the {@code NameID}} */
  static List<SignedInSession> sessions(StoreTransaction tx, UUID organization, String nameId) {
    return rows(tx, SESSION_TABLE)
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
    rows(tx, SESSION_TABLE).delete(Map.of("session_id", sessionId));
  }

  /**
   * Forgets what expired, at most {@code batch} rows of each memory: one bounded range delete per
   * table (each response's transaction forgets some, so a backlog goes in steps that never lock an
   * unbounded number of rows).
   */
  static void forgetExpired(StoreTransaction tx, Instant now, int batch) {
    ModuleRows.Range expired = ModuleRows.Range.on("expires_at").before(now.getEpochSecond());
    for (ModuleTable table :
        List.of(REQUEST_TABLE, ASSERTION_TABLE, LOGOUT_REQUEST_TABLE, SESSION_TABLE)) {
      tx.moduleTables().rows(table).delete(Map.of(), expired, batch);
    }
  }

  private static ModuleRows rows(StoreTransaction tx, ModuleTable table) {
    return tx.moduleTables().rows(table);
  }

  /** A memory of messages used once: its key, its organisation, when it is forgotten. */
  private static ModuleTable memory(String table, String key) {
    return ModuleTable.named(table)
        .column(key, ModuleTable.Type.TEXT)
        .column("org_id", ModuleTable.Type.TEXT)
        .column("expires_at", ModuleTable.Type.LONG)
        .unique(key)
        .build();
  }
}
