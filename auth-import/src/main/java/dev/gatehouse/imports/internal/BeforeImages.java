package dev.gatehouse.imports.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.GatehouseJpa;
import jakarta.persistence.metamodel.Attribute.PersistentAttributeType;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.metamodel.SingularAttribute;
import java.lang.reflect.Field;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Before-images of the host's user entity, by JPA attribute name, never by column: a merge records
 * the previous values of the attributes it changed, and a rollback sets them back on the managed
 * entity, so Hibernate writes them to whatever columns the host's mapping ({@code
 * AttributeOverride}, own key type) names. Immutable and thread-safe. Internal: not API.
 *
 * <p>Stored as {@code {"attributes":{"passwordHash":"…","modifiedAt":"2026-01-05T10:00:00Z"}}}.
 * Images written before this format (a flat object keyed by the default column names) are still
 * read.
 */
public final class BeforeImages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ATTRIBUTES = "attributes";

  /** The keys of images written by earlier versions, which named the default columns. */
  private static final Map<String, String> LEGACY_KEYS =
      Map.ofEntries(
          Map.entry("email", "email"),
          Map.entry("email_normalized", "emailNormalized"),
          Map.entry("phone", "phone"),
          Map.entry("username", "username"),
          Map.entry("username_normalized", "usernameNormalized"),
          Map.entry("password_hash", "passwordHash"),
          Map.entry("is_active", "active"),
          Map.entry("is_verified", "verified"),
          Map.entry("email_verified", "emailVerified"),
          Map.entry("phone_verified", "phoneVerified"),
          Map.entry("modified_at", "modifiedAt"));

  /** Basic, non-id attributes of the user entity, by name, in a stable order. */
  private final Map<String, Field> attributes;

  private final String entity;

  /**
   * @param mm the persistence unit's metamodel
   * @param userClass the host's user entity
   * @throws ConfigurationException when an attribute is not field-mapped
   */
  public BeforeImages(Metamodel mm, Class<? extends AuthUserBase> userClass) {
    Map<String, Field> m = new TreeMap<>();
    for (SingularAttribute<?, ?> a : mm.entity(userClass).getSingularAttributes()) {
      if (a.getPersistentAttributeType() != PersistentAttributeType.BASIC
          || a.isId()
          || a.isVersion()) {
        continue;
      }
      if (!(a.getJavaMember() instanceof Field f)) {
        throw new ConfigurationException(
            "attribute "
                + a.getName()
                + " of "
                + userClass.getName()
                + " is not mapped on a field; the importer's rollback needs field access");
      }
      f.setAccessible(true);
      m.put(a.getName(), f);
    }
    this.attributes = Collections.unmodifiableMap(m);
    this.entity = userClass.getName();
  }

  /**
   * The attributes of a user value that an import can change, named as the user entity's attributes
   * (which is what {@link #restore} sets back).
   */
  public static Map<String, Object> attributes(UserRecord u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("email", u.email());
    m.put("emailNormalized", u.emailCanonical());
    m.put("phone", u.phone());
    m.put("passwordHash", u.passwordHash());
    m.put("verified", u.verified());
    m.put("emailVerified", u.emailVerified());
    m.put("phoneVerified", u.phoneVerified());
    m.put("modifiedAt", u.modifiedAt());
    return m;
  }

  /** The values of every basic attribute of {@code user}. */
  public Map<String, Object> snapshot(AuthUserBase user) {
    Object target = unproxy(user);
    Map<String, Object> m = new LinkedHashMap<>();
    attributes.forEach((name, f) -> m.put(name, get(f, target)));
    return m;
  }

  /**
   * The entity itself: a user reached through a lazy association earlier in the same persistence
   * context (a device's owner) is a proxy, whose own fields are not the entity's state.
   */
  private static Object unproxy(AuthUserBase user) {
    return GatehouseJpa.unproxy(user);
  }

  /** Whether an attribute of {@code user} differs from {@code snapshot}. */
  public boolean changed(Map<String, Object> snapshot, AuthUserBase user) {
    return !snapshot.equals(snapshot(user));
  }

  /**
   * The before-image of a change: the snapshot's values of the attributes that now differ.
   *
   * @throws IllegalStateException when a changed attribute has a type an image cannot hold
   */
  public String image(Map<String, Object> snapshot, AuthUserBase user) {
    return image(snapshot, snapshot(user));
  }

  /**
   * The before-image of a change from {@code before} to {@code after}, both by attribute name (for
   * example {@link #attributes}): the values of {@code before} that {@code after} changed.
   *
   * @throws IllegalStateException when a changed attribute has a type an image cannot hold
   */
  public String image(Map<String, Object> before, Map<String, Object> after) {
    Map<String, Object> snapshot = before;
    ObjectNode values = JSON.createObjectNode();
    after.forEach(
        (name, now) -> {
          Object was = snapshot.get(name);
          if (!Objects.equals(was, now)) {
            values.set(name, encode(name, was));
          }
        });
    ObjectNode root = JSON.createObjectNode();
    root.set(ATTRIBUTES, values);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a before-image", e);
    }
  }

  /**
   * Sets the attributes of an image back on a managed user; the flush writes them.
   *
   * @throws IllegalStateException when the image is unreadable or names an unknown attribute
   */
  public void restore(AuthUserBase user, String image) {
    JsonNode root;
    try {
      root = JSON.readTree(image);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable before-image of " + user.getPublicId(), e);
    }
    Object target = unproxy(user);
    boolean current = root.has(ATTRIBUTES) && root.get(ATTRIBUTES).isObject();
    JsonNode values = current ? root.get(ATTRIBUTES) : root;
    for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = current ? e.getKey() : LEGACY_KEYS.get(e.getKey());
      Field f = name == null ? null : attributes.get(name);
      if (f == null) {
        throw new IllegalStateException(
            "the before-image of "
                + user.getPublicId()
                + " names "
                + e.getKey()
                + ", which "
                + entity
                + " does not map");
      }
      set(f, target, decode(name, e.getValue(), f.getType()));
    }
  }

  private static Object get(Field f, Object target) {
    try {
      return f.get(target);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + f, e);
    }
  }

  private static void set(Field f, Object target, Object value) {
    try {
      f.set(target, value);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot write " + f, e);
    }
  }

  private static JsonNode encode(String name, Object v) {
    if (v == null) {
      return JSON.nullNode();
    }
    if (v instanceof String || v instanceof UUID || v instanceof Enum<?> || isTime(v)) {
      return JSON.getNodeFactory().textNode(v instanceof Enum<?> en ? en.name() : v.toString());
    }
    if (v instanceof Boolean b) {
      return JSON.getNodeFactory().booleanNode(b);
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      return JSON.getNodeFactory().numberNode(((Number) v).longValue());
    }
    throw new IllegalStateException(
        "the import changed attribute "
            + name
            + " of type "
            + v.getClass().getName()
            + ", which a before-image cannot hold");
  }

  private static boolean isTime(Object v) {
    return v instanceof Instant
        || v instanceof LocalDate
        || v instanceof LocalDateTime
        || v instanceof OffsetDateTime;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object decode(String name, JsonNode v, Class<?> type) {
    if (v == null || v.isNull()) {
      if (type.isPrimitive()) {
        throw new IllegalStateException("before-image holds null for primitive " + name);
      }
      return null;
    }
    if (type == String.class) {
      return v.asText();
    }
    if (type == boolean.class || type == Boolean.class) {
      return v.asBoolean();
    }
    if (type == int.class || type == Integer.class) {
      return v.asInt();
    }
    if (type == long.class || type == Long.class) {
      return v.asLong();
    }
    if (type == short.class || type == Short.class) {
      return (short) v.asInt();
    }
    if (type == Instant.class) {
      return Instant.parse(v.asText());
    }
    if (type == LocalDate.class) {
      return LocalDate.parse(v.asText());
    }
    if (type == LocalDateTime.class) {
      return LocalDateTime.parse(v.asText());
    }
    if (type == OffsetDateTime.class) {
      return OffsetDateTime.parse(v.asText());
    }
    if (type == UUID.class) {
      return UUID.fromString(v.asText());
    }
    if (type.isEnum()) {
      return Enum.valueOf((Class<? extends Enum>) type, v.asText());
    }
    throw new IllegalStateException("before-image cannot restore " + name + " of type " + type);
  }
}
