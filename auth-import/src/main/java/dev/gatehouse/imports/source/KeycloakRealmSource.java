package dev.gatehouse.imports.source;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.LegacyUser;
import dev.gatehouse.imports.internal.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Users of a Keycloak realm from its export ({@code kc.sh export --realm R --file realm.json}, or
 * {@code --dir} with {@code --users different_files}: a directory whose {@code *.json} files are
 * read in name order). The {@code users} array of each file is streamed one user at a time, so
 * memory stays flat.
 *
 * <p>What becomes of each user:
 *
 * <ul>
 *   <li>legacy id: the user's {@code id}; {@code username}, {@code email} as exported;
 *   <li>the first credential of type {@code password} becomes a hash Gatehouse verifies, with the
 *       parameters of its {@code credentialData}: {@code pbkdf2-sha256}, {@code pbkdf2-sha512} and
 *       {@code pbkdf2} (SHA-1) become passlib's {@code $pbkdf2-sha256$N$salt$key} ({@code
 *       $pbkdf2-sha512$}, {@code $pbkdf2$}) with the key length of the stored value; {@code argon2}
 *       becomes the PHC string {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash} of its type,
 *       version, memory, iterations and parallelism. A provider that stores a crypt string ({@code
 *       $2a$...}) keeps it; any other algorithm becomes {@code keycloak_<algorithm>$...}, which the
 *       plan reports as unsupported. Exports of Keycloak 7 and older ({@code hashedSaltedValue})
 *       are read too;
 *   <li>the required action {@code UPDATE_PASSWORD} means an administrator set a temporary
 *       password: it is not imported (the user signs in with a code or resets it);
 *   <li>{@code emailVerified} carried over ({@code VERIFY_EMAIL} pending means unverified);
 *   <li>{@code enabled: false} makes the account inactive;
 *   <li>attributes: {@code phoneNumber} (or {@code phone_number}, {@code phone}) with {@code
 *       phoneNumberVerified}, and {@code locale} as the language;
 *   <li>{@code createdTimestamp} kept. Users of a user federation (LDAP) have no local credential
 *       and become passwordless accounts; a client's service-account user ({@code
 *       serviceAccountClientId}) is not a person and is left out.
 * </ul>
 *
 * <pre>{@code
 * LegacySource keycloak = KeycloakRealmSource.of(Path.of("realm-export.json"));
 * }</pre>
 */
public final class KeycloakRealmSource implements LegacySource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path location;

  private KeycloakRealmSource(Path location) {
    this.location = location;
  }

  /**
   * A source over a realm export file, or a directory of export files; nothing is read until {@link
   * #open()}.
   *
   * @param fileOrDirectory the export; not null
   * @return the source
   */
  public static KeycloakRealmSource of(Path fileOrDirectory) {
    return new KeycloakRealmSource(requireNonNull(fileOrDirectory, "fileOrDirectory"));
  }

  @Override
  public String describe() {
    return "keycloak:" + location.getFileName();
  }

  @Override
  public RecordStream open() {
    List<Path> files;
    if (Files.isDirectory(location)) {
      try (Stream<Path> s = Files.list(location)) {
        files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
      } catch (IOException e) {
        throw new ImportSourceException("cannot list " + location.getFileName(), e);
      }
    } else {
      files = List.of(location);
    }
    return new Users(files);
  }

  private static final class Users extends LookaheadStream {
    private final JsonArrayReader users;
    private long position;

    Users(List<Path> files) {
      this.users = new JsonArrayReader(files, "users");
    }

    @Override
    LegacyRecord read() {
      for (JsonArrayReader.Item item = users.next(); item != null; item = users.next()) {
        LegacyRecord r = toRecord(item);
        if (r != null) {
          return r;
        }
      }
      return null;
    }

    /** The record of one user, or null for a service account (left out). */
    private LegacyRecord toRecord(JsonArrayReader.Item item) {
      if (item.error() != null) {
        position++;
        return LegacyRecord.bad(position, item.line(), null, item.error());
      }
      JsonNode user = item.object();
      if (user.hasNonNull("serviceAccountClientId")) {
        return null;
      }
      position++;
      String id = user.path("id").asText(null);
      if (id == null || id.isBlank()) {
        return LegacyRecord.bad(position, item.line(), null, "user without id");
      }
      try {
        return LegacyRecord.of(position, item.line(), toUser(id, user));
      } catch (IllegalArgumentException e) {
        return LegacyRecord.bad(position, item.line(), id, e.getMessage());
      }
    }

    @Override
    public void close() {
      users.close();
    }
  }

  static LegacyUser toUser(String id, JsonNode u) {
    List<String> actions = new ArrayList<>();
    u.path("requiredActions").forEach(a -> actions.add(a.asText()));
    JsonNode attributes = u.path("attributes");
    String email = JsonArrayReader.text(u, "email");
    String phone = attribute(attributes, "phoneNumber", "phone_number", "phone");
    String phoneVerified =
        attribute(attributes, "phoneNumberVerified", "phone_number_verified", "phoneVerified");
    String hash = actions.contains("UPDATE_PASSWORD") ? null : passwordHash(u.path("credentials"));
    return LegacyUser.builder(id)
        .username(JsonArrayReader.text(u, "username"))
        .email(email)
        .emailVerified(
            email == null
                ? null
                : u.path("emailVerified").asBoolean(false) && !actions.contains("VERIFY_EMAIL"))
        .phone(phone)
        .phoneVerified(phone == null || phoneVerified == null ? null : "true".equals(phoneVerified))
        .passwordHash(hash)
        .active(u.path("enabled").asBoolean(true))
        .language(attribute(attributes, "locale"))
        .createdAt(
            u.hasNonNull("createdTimestamp")
                ? Timestamps.ofEpochMilli(u.get("createdTimestamp").asLong())
                : null)
        .build();
  }

  /**
   * The stored string Gatehouse verifies for the first password credential, or null when there is
   * none.
   *
   * @throws IllegalArgumentException when the credential cannot be read
   */
  static String passwordHash(JsonNode credentials) {
    for (JsonNode c : credentials) {
      if (!"password".equals(c.path("type").asText())) {
        continue;
      }
      JsonNode secret;
      JsonNode data;
      if (c.hasNonNull("secretData")) {
        secret = json(c.get("secretData").asText(), "secretData");
        data = json(c.path("credentialData").asText("{}"), "credentialData");
      } else {
        // Keycloak 7 and older exported the hash fields on the credential itself.
        secret =
            JSON.createObjectNode()
                .put("value", c.path("hashedSaltedValue").asText(null))
                .put("salt", c.path("salt").asText(null));
        data = c;
      }
      return toStoredHash(
          data.path("algorithm").asText(""),
          data.path("hashIterations").asLong(-1),
          secret.path("value").asText(null),
          secret.path("salt").asText(null),
          data.path("additionalParameters"));
    }
    return null;
  }

  private static String toStoredHash(
      String algorithm, long iterations, String value, String salt, JsonNode parameters) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.startsWith("$")) {
      return value; // a provider that stores a crypt string (bcrypt extensions)
    }
    switch (algorithm) {
      case "pbkdf2-sha256":
        return pbkdf2("$pbkdf2-sha256$", iterations, salt, value);
      case "pbkdf2-sha512":
        return pbkdf2("$pbkdf2-sha512$", iterations, salt, value);
      case "pbkdf2":
        return pbkdf2("$pbkdf2$", iterations, salt, value);
      case "argon2":
        return argon2(iterations, salt, value, parameters);
      default:
        String name = algorithm.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        return "keycloak_"
            + (name.isEmpty() ? "unknown" : name)
            + "$"
            + iterations
            + "$"
            + (salt == null ? "" : salt)
            + "$"
            + value;
    }
  }

  private static String pbkdf2(String prefix, long iterations, String salt, String value) {
    if (iterations < 1) {
      throw new IllegalArgumentException("password credential without hashIterations");
    }
    return prefix
        + iterations
        + "$"
        + ab64(decode(salt, "salt"))
        + "$"
        + ab64(decode(value, "value"));
  }

  private static String argon2(long iterations, String salt, String value, JsonNode parameters) {
    String type = first(parameters, "type", "id");
    String version = first(parameters, "version", "1.3");
    if (!type.matches("id|i|d") || !version.matches("1\\.3|1\\.0")) {
      throw new IllegalArgumentException("argon2 credential of unknown type or version");
    }
    String memory = first(parameters, "memory", null);
    String parallelism = first(parameters, "parallelism", null);
    if (memory == null
        || parallelism == null
        || !memory.matches("\\d{1,9}")
        || !parallelism.matches("\\d{1,4}")
        || iterations < 1) {
      throw new IllegalArgumentException("argon2 credential without memory/parallelism/iterations");
    }
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$argon2"
        + type
        + "$v="
        + (version.equals("1.3") ? "19" : "16")
        + "$m="
        + memory
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + "$"
        + b64.encodeToString(decode(salt, "salt"))
        + "$"
        + b64.encodeToString(decode(value, "value"));
  }

  private static String first(JsonNode parameters, String name, String dflt) {
    JsonNode v = parameters.path(name);
    if (v.isArray() && !v.isEmpty()) {
      return v.get(0).asText();
    }
    return v.isValueNode() ? v.asText() : dflt;
  }

  private static byte[] decode(String base64, String what) {
    if (base64 == null || base64.isEmpty()) {
      throw new IllegalArgumentException("password credential without " + what);
    }
    try {
      return Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("password credential " + what + " is not base64", e);
    }
  }

  /** passlib's "adapted base64": standard alphabet with '.' for '+', no padding. */
  private static String ab64(byte[] bytes) {
    return Base64.getEncoder().withoutPadding().encodeToString(bytes).replace('+', '.');
  }

  private static JsonNode json(String text, String what) {
    try {
      JsonNode n = JSON.readTree(text);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("password credential " + what + " is not an object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("password credential " + what + " is not JSON", e);
    }
  }

  private static String attribute(JsonNode attributes, String... names) {
    for (String name : names) {
      JsonNode v = attributes.path(name);
      if (v.isArray() && !v.isEmpty() && !v.get(0).asText().isBlank()) {
        return v.get(0).asText();
      }
      if (v.isTextual() && !v.asText().isBlank()) {
        return v.asText();
      }
    }
    return null;
  }
}
