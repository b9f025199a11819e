package dev.gatehouse.imports.lazy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.legacy.LegacyAuthenticator;
import dev.gatehouse.legacy.LegacyAuthenticator.LegacyAccount;
import dev.gatehouse.legacy.LegacyAuthenticator.LegacyIdentifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Lazy migration by asking the old application to check the password: Gatehouse POSTs {@code
 * {"identifier": "...", "password": "..."}} (the identifier and password exactly as typed) to the
 * login-check endpoint, which answers {@code 200} with the user as JSON when the password is right
 * and {@code 401} (or {@code 404}) otherwise. Any other answer, a timeout or an unreadable body
 * fails the login as an infrastructure error. The user JSON:
 *
 * <pre>{@code
 * {"id": 42, "email": "alice@example.com", "username": "alice", "phone": "+14155550100",
 *  "is_active": true, "is_verified": true, "email_verified": true, "phone_verified": false,
 *  "date_joined": "2021-03-04T05:06:07Z"}
 * }</pre>
 *
 * Only {@code id} is required; a missing {@code is_active} means active, a missing {@code
 * email_verified}/{@code phone_verified} follows {@code is_verified}.
 *
 * <p>Optionally, a lookup endpoint (POST {@code {"identifier": "..."}} → {@code 200} user or {@code
 * 404}) lets a password reset migrate users too, and a migrated endpoint (POST {@code {"id": "42",
 * "gatehouse_id": "<uuid>"}} → any {@code 2xx}) tells the old application to cut its link.
 *
 * <pre>{@code
 * LegacyAuthenticator legacy = HttpLegacyAuthenticator.builder(URI.create("https://old.example.com/internal/check-login"))
 *     .header("Authorization", "Bearer " + System.getenv("LEGACY_SHARED_SECRET"))
 *     .migratedUri(URI.create("https://old.example.com/internal/migrated"))
 *     .build();
 * }</pre>
 *
 * <p>The password travels to the old application, so the endpoint must be HTTPS (plain HTTP is
 * refused except on a loopback address) and internal. Thread-safe.
 */
public final class HttpLegacyAuthenticator implements LegacyAuthenticator {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI loginUri;
  private final URI lookupUri;
  private final URI migratedUri;
  private final Map<String, String> headers;
  private final Duration timeout;
  private final HttpClient client;

  private HttpLegacyAuthenticator(Builder b) {
    this.loginUri = b.loginUri;
    this.lookupUri = b.lookupUri;
    this.migratedUri = b.migratedUri;
    this.headers = Map.copyOf(b.headers);
    this.timeout = b.timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * A builder.
   *
   * @param loginUri the old application's login-check endpoint
   * @return the builder
   * @throws IllegalArgumentException when the URI is plain HTTP to a non-loopback host
   */
  public static Builder builder(URI loginUri) {
    return new Builder(loginUri);
  }

  @Override
  public Optional<LegacyAccount> lookup(LegacyIdentifier identifier, String password) {
    requireNonNull(identifier, "identifier");
    ObjectNode body = JSON.createObjectNode().put("identifier", identifier.typed());
    if (password == null) {
      if (lookupUri == null) {
        return Optional.empty();
      }
      return post(lookupUri, body).map(user -> toAccount(user, false));
    }
    body.put("password", password);
    return post(loginUri, body).map(user -> toAccount(user, true));
  }

  @Override
  public void markMigrated(String legacyId, UUID userPublicId) {
    if (migratedUri == null) {
      return;
    }
    ObjectNode body =
        JSON.createObjectNode().put("id", legacyId).put("gatehouse_id", userPublicId.toString());
    HttpResponse<String> r = send(migratedUri, body);
    if (r.statusCode() / 100 != 2) {
      throw new ImportSourceException(
          "the legacy application answered " + r.statusCode() + " to " + migratedUri, null);
    }
  }

  @Override
  public String toString() {
    return "HttpLegacyAuthenticator[" + loginUri.getHost() + "]";
  }

  private Optional<JsonNode> post(URI uri, ObjectNode body) {
    HttpResponse<String> r = send(uri, body);
    int status = r.statusCode();
    if (status == 401 || status == 403 || status == 404) {
      return Optional.empty();
    }
    if (status != 200) {
      throw new ImportSourceException("the legacy application answered " + status, null);
    }
    try {
      JsonNode user = JSON.readTree(r.body());
      if (user == null || !user.hasNonNull("id")) {
        throw new ImportSourceException("the legacy application's answer has no user id", null);
      }
      return Optional.of(user);
    } catch (IOException e) {
      throw new ImportSourceException("the legacy application's answer is not JSON", e);
    }
  }

  private HttpResponse<String> send(URI uri, ObjectNode body) {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    headers.forEach(rb::header);
    try {
      return client.send(rb.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ImportSourceException("the legacy application at " + uri.getHost() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImportSourceException("interrupted while asking the legacy application", e);
    }
  }

  private static LegacyAccount toAccount(JsonNode u, boolean passwordConfirmed) {
    boolean verified = bool(u, "is_verified", false);
    Instant created = null;
    String joined = text(u, "date_joined");
    if (joined != null) {
      try {
        created = Instant.parse(joined);
      } catch (DateTimeParseException e) {
        created = null; // a creation time is nice to keep, never worth failing a login
      }
    }
    return LegacyAccount.builder(u.get("id").asText())
        .email(text(u, "email"))
        .username(text(u, "username"))
        .phone(text(u, "phone"))
        .passwordConfirmed(passwordConfirmed)
        .active(bool(u, "is_active", true))
        .verified(verified)
        .emailVerified(bool(u, "email_verified", verified))
        .phoneVerified(bool(u, "phone_verified", verified))
        .createdAt(created)
        .build();
  }

  private static String text(JsonNode u, String field) {
    JsonNode v = u.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }

  private static boolean bool(JsonNode u, String field, boolean dflt) {
    JsonNode v = u.get(field);
    return v == null || v.isNull() ? dflt : v.asBoolean();
  }

  /** Single-threaded builder. */
  public static final class Builder {
    private final URI loginUri;
    private URI lookupUri;
    private URI migratedUri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(5);

    private Builder(URI loginUri) {
      this.loginUri = checkUri(loginUri, "loginUri");
    }

    /**
     * The endpoint a password reset asks (POST identifier → 200 user / 404). Default: none, so a
     * reset does not migrate.
     *
     * @param uri the endpoint
     * @return this builder
     */
    public Builder lookupUri(URI uri) {
      this.lookupUri = checkUri(uri, "lookupUri");
      return this;
    }

    /**
     * The endpoint told about each migrated user. Default: none.
     *
     * @param uri the endpoint
     * @return this builder
     */
    public Builder migratedUri(URI uri) {
      this.migratedUri = checkUri(uri, "migratedUri");
      return this;
    }

    /**
     * A header sent with every request, e.g. a shared secret.
     *
     * @param name header name
     * @param value header value (never logged)
     * @return this builder
     */
    public Builder header(String name, String value) {
      headers.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
      return this;
    }

    /**
     * Connect and request timeout (default 5 s).
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder timeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** {@return the authenticator, with the settings made so far} */
    public HttpLegacyAuthenticator build() {
      return new HttpLegacyAuthenticator(this);
    }

    private static URI checkUri(URI uri, String name) {
      requireNonNull(uri, name);
      String scheme = uri.getScheme();
      String host = uri.getHost();
      boolean loopback =
          host != null
              && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
      if ("https".equalsIgnoreCase(scheme) || ("http".equalsIgnoreCase(scheme) && loopback)) {
        return uri;
      }
      throw new IllegalArgumentException(
          name + " must be https (plain http only to a loopback address), was " + uri);
    }
  }
}
