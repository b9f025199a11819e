package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The module's tables ({@link OpenIdProvider#CHANGELOG}), read and written through the store's
 * module tables in a transaction of the store, so on every store (the JPA store on the host's
 * connection, the in-memory store in memory); the module's feature, and {@link OpenIdClients}'
 * implementation. Secrets (client secrets, codes, tokens) are kept as keyed hashes of a purpose
 * each ({@link SecretHasher}). Thread-safe.
 */
final class ProviderStore implements OpenIdClients {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ProviderStore.class);

  static final String CLIENTS = "gh_op_client";
  static final String AUTHORIZATIONS = "gh_op_authorization";
  static final String RETIRED_REFRESH = "gh_op_refresh_used";
  static final String CONSENTS = "gh_op_consent";

  /** The hash purposes, so that a hash of one kind of secret never matches another kind. */
  static final String CLIENT_SECRET = "op:client-secret";

  private final AuthStore store;
  private final Clock clock;
  private final SecretHasher hasher;
  private final int batchSize;
  private final boolean production;

  ProviderStore(SignInContext context) {
    this.store = context.store();
    this.clock = context.clock();
    this.hasher = context.capability(SecretHasher.class);
    this.batchSize = context.config().get(GatehouseConfig.CLEANUP_BATCH_SIZE);
    this.production = context.config().production();
  }

  /**
   * Refuses a back-channel logout URI that only development allows ({@code http} to a loopback
   * host), in production.
   */
  private void backChannelAllowedHere(OpenIdClient client) {
    if (client.backchannelLogoutUri() != null) {
      RedirectUris.backChannelRefusal(client.backchannelLogoutUri(), production)
          .ifPresent(
              why -> {
                throw new IllegalArgumentException(
                    "back-channel logout URI "
                        + client.backchannelLogoutUri()
                        + " refused: "
                        + why);
              });
    }
  }

  Clock clock() {
    return clock;
  }

  /** {@return whether the host runs in production ({@code gatehouse.environment})} */
  boolean production() {
    return production;
  }

  /** {@return the keyed hash of a secret for its purpose} */
  String hash(String purpose, String secret) {
    return hasher.hash(purpose, secret);
  }

  /** {@return whether a presented secret matches its kept hash, in constant time} */
  boolean matches(String purpose, String secret, @Nullable String storedHash) {
    return hasher.matches(purpose, secret, storedHash);
  }

  <T> T inTransaction(Function<? super StoreTransaction, ? extends T> work) {
    return store.inTransaction(work);
  }

  static ModuleRows rows(StoreTransaction tx, String table) {
    return tx.moduleTables().rows(table);
  }

  // ---- clients ----------------------------------------------------------------------------

  @Override
  public Registered register(OpenIdClient client) {
    requireNonNull(client, "client");
    return inTransaction(tx -> register(tx, client));
  }

  /**
   * Registers a client in the caller's transaction.
   *
   * @throws IllegalArgumentException when a client of that id is registered already
   */
  Registered register(StoreTransaction tx, OpenIdClient client) {
    backChannelAllowedHere(client);
    String secret = client.hasSecret() ? SecretHasher.newToken() : null;
    if (client(tx, client.clientId()).isPresent()) {
      throw new IllegalArgumentException(
          "a client " + client.clientId() + " is registered already");
    }
    Map<String, Object> row = new HashMap<>(described(client));
    row.put("client_id", client.clientId());
    row.put("kind", client.kind().name());
    row.put("secret_hash", secret == null ? null : hash(CLIENT_SECRET, secret));
    row.put("created_at", clock.instant());
    rows(tx, CLIENTS).insert(row);
    return new Registered(client, secret);
  }

  /** The columns a change may replace. */
  private static Map<String, Object> described(OpenIdClient client) {
    Map<String, Object> row = new HashMap<>();
    row.put("client_name", client.name());
    row.put("first_party", client.firstParty());
    row.put("redirect_uris", String.join(" ", client.redirectUris()));
    row.put("logout_uris", String.join(" ", client.postLogoutRedirectUris()));
    row.put("scopes", String.join(" ", client.scopes().stream().sorted().toList()));
    row.put("backchannel_logout_uri", client.backchannelLogoutUri());
    row.put("backchannel_session_required", client.backchannelLogoutSessionRequired());
    return row;
  }

  @Override
  public OpenIdClient change(OpenIdClient client) {
    requireNonNull(client, "client");
    return inTransaction(tx -> change(tx, client));
  }

  /**
   * Replaces a client's name, party, redirect URIs and scopes in the caller's transaction.
   *
   * @throws IllegalArgumentException when there is no such client or its kind differs
   */
  OpenIdClient change(StoreTransaction tx, OpenIdClient client) {
    backChannelAllowedHere(client);
    OpenIdClient before =
        client(tx, client.clientId())
            .orElseThrow(() -> new IllegalArgumentException("no client " + client.clientId()))
            .client();
    if (before.kind() != client.kind()) {
      throw new IllegalArgumentException(
          "a client's kind stays what it was registered as ("
              + before.kind()
              + "): register a new client instead");
    }
    rows(tx, CLIENTS).update(Map.of("client_id", client.clientId()), described(client));
    return client;
  }

  @Override
  public String newSecret(String clientId) {
    requireNonNull(clientId, "clientId");
    return inTransaction(tx -> newSecret(tx, clientId));
  }

  /**
   * Replaces a client's secret in the caller's transaction.
   *
   * @throws IllegalArgumentException when no such client holds a secret
   */
  String newSecret(StoreTransaction tx, String clientId) {
    Optional<StoredClient> found = client(tx, clientId);
    if (found.isEmpty() || !found.get().client().hasSecret()) {
      throw new IllegalArgumentException("no client " + clientId + " holds a secret");
    }
    String secret = SecretHasher.newToken();
    rows(tx, CLIENTS)
        .update(Map.of("client_id", clientId), Map.of("secret_hash", hash(CLIENT_SECRET, secret)));
    return secret;
  }

  @Override
  public Optional<OpenIdClient> find(String clientId) {
    requireNonNull(clientId, "clientId");
    return inTransaction(tx -> client(tx, clientId)).map(StoredClient::client);
  }

  /** A client as kept: the client and the hash of its secret. */
  record StoredClient(OpenIdClient client, @Nullable String secretHash, Instant createdAt) {
    @Override
    public String toString() {
      return "StoredClient[" + client.clientId() + "]";
    }
  }

  Optional<StoredClient> storedClient(String clientId) {
    return inTransaction(tx -> client(tx, clientId));
  }

  static Optional<StoredClient> client(StoreTransaction tx, String clientId) {
    return rows(tx, CLIENTS).find(Map.of("client_id", clientId)).stream()
        .findFirst()
        .flatMap(ProviderStore::client);
  }

  /**
   * A kept client, without the redirect URIs {@link RedirectUris} refuses: a row written before the
   * rule existed never sends a browser to one. A client that signs users in and is left with none
   * is not read (a warning says so): {@link #remove} still removes it.
   */
  private static Optional<StoredClient> client(Map<String, Object> r) {
    String clientId = (String) r.get("client_id");
    OpenIdClient.Kind kind = OpenIdClient.Kind.valueOf((String) r.get("kind"));
    List<String> redirects = allowed(clientId, words((String) r.get("redirect_uris")));
    if (kind != OpenIdClient.Kind.SERVICE && redirects.isEmpty()) {
      LOG.warn(
          "OpenID client {} is not served: none of its kept redirect URIs is allowed (issue 93);"
              + " change or remove it",
          clientId);
      return Optional.empty();
    }
    OpenIdClient client =
        new OpenIdClient(
            clientId,
            (String) r.get("client_name"),
            kind,
            (Boolean) r.get("first_party"),
            redirects,
            allowed(clientId, words((String) r.get("logout_uris"))),
            new LinkedHashSet<>(words((String) r.get("scopes"))),
            backChannel(clientId, (String) r.get("backchannel_logout_uri")),
            Boolean.TRUE.equals(r.get("backchannel_session_required")));
    return Optional.of(
        new StoredClient(client, (String) r.get("secret_hash"), (Instant) r.get("created_at")));
  }

  /** A kept back-channel logout URI, or {@code null} when the rule refuses it (with a warning). */
  private static @Nullable String backChannel(String clientId, @Nullable String uri) {
    if (uri == null || uri.isBlank()) {
      return null;
    }
    if (RedirectUris.backChannelRefusal(uri, false).isPresent()) {
      LOG.warn(
          "OpenID client {}: its kept back-channel logout URI is refused and ignored", clientId);
      return null;
    }
    return uri;
  }

  private static List<String> allowed(String clientId, List<String> uris) {
    List<String> allowed = uris.stream().filter(RedirectUris::allowed).toList();
    if (allowed.size() < uris.size()) {
      LOG.warn(
          "OpenID client {}: {} kept redirect URI(s) refused by the redirect URI rule are ignored",
          clientId,
          uris.size() - allowed.size());
    }
    return allowed;
  }

  static List<String> words(@Nullable String spaced) {
    return spaced == null || spaced.isBlank()
        ? List.of()
        : Arrays.asList(spaced.strip().split(" +"));
  }

  @Override
  public List<OpenIdClient> list() {
    return inTransaction(ProviderStore::list);
  }

  static List<OpenIdClient> list(StoreTransaction tx) {
    return rows(tx, CLIENTS).find(Map.of()).stream()
        .flatMap(r -> client(r).stream())
        .map(StoredClient::client)
        .sorted(Comparator.comparing(OpenIdClient::clientId))
        .toList();
  }

  @Override
  public boolean remove(String clientId) {
    requireNonNull(clientId, "clientId");
    return inTransaction(tx -> remove(tx, clientId));
  }

  /** Removes a client with its consents and authorizations in the caller's transaction. */
  boolean remove(StoreTransaction tx, String clientId) {
    for (Map<String, Object> a : rows(tx, AUTHORIZATIONS).find(Map.of("client_id", clientId))) {
      deleteAuthorization(tx, (String) a.get("id"));
    }
    rows(tx, CONSENTS).delete(Map.of("client_id", clientId));
    return rows(tx, CLIENTS).delete(Map.of("client_id", clientId)) > 0;
  }

  // ---- authorizations ---------------------------------------------------------------------

  /** Deletes an authorization with the refresh tokens it retired. */
  static void deleteAuthorization(StoreTransaction tx, String id) {
    rows(tx, RETIRED_REFRESH).delete(Map.of("authorization_id", id));
    rows(tx, AUTHORIZATIONS).delete(Map.of("id", id));
  }

  /**
   * Whether what was issued through a Gatehouse session may still be used: the session is neither
   * ended nor expired and its account is active. A client's own authorization (no session) is.
   */
  static boolean live(
      StoreTransaction tx, @Nullable String sessionId, String principal, Instant now) {
    if (sessionId == null) {
      return true;
    }
    Optional<SessionState> session = tx.sessions().findSession(sessionId);
    if (session.isEmpty()
        || session.get().revokedAt() != null
        || !session.get().expiresAt().isAfter(now)
        || !session.get().userPublicId().toString().equals(principal)) {
      return false;
    }
    Optional<UserRecord> user = tx.users().findByPublicId(session.get().userPublicId());
    return user.isPresent() && user.get().active();
  }

  @Override
  public int cleanup(Instant now) {
    requireNonNull(now, "now");
    int deleted = 0;
    while (true) {
      int batch =
          inTransaction(
              tx -> {
                List<String> ids = expired(tx, AUTHORIZATIONS, "id", now);
                for (String id : ids) {
                  deleteAuthorization(tx, id);
                }
                List<String> hashes = expired(tx, RETIRED_REFRESH, "token_hash", now);
                for (String hash : hashes) {
                  rows(tx, RETIRED_REFRESH).delete(Map.of("token_hash", hash));
                }
                return ids.size() + hashes.size();
              });
      deleted += batch;
      if (batch == 0) {
        return deleted;
      }
    }
  }

  /**
   * The keys of at most one batch of a table's rows that expired before {@code now}, the oldest
   * first: one page along the index on {@code expires_at}.
   */
  private List<String> expired(StoreTransaction tx, String table, String key, Instant now) {
    return rows(tx, table)
        .page(Map.of(), ModuleRows.Range.on("expires_at").before(now), batchSize)
        .stream()
        .map(r -> (String) r.get(key))
        .toList();
  }

  /** {@return a new authorization id} */
  static String newId() {
    return UUID.randomUUID().toString();
  }

  static Set<String> scopes(@Nullable String spaced) {
    return new LinkedHashSet<>(words(spaced));
  }
}
