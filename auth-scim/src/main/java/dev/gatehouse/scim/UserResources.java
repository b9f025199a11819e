package dev.gatehouse.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.scim.DirectoryMembers.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.directory.scim.spec.patch.PatchOperation;
import org.apache.directory.scim.spec.resources.Email;
import org.apache.directory.scim.spec.resources.Name;
import org.apache.directory.scim.spec.resources.ScimUser;
import org.jspecify.annotations.Nullable;

/**
 * A member as SCIM's User resource and back: the attributes kept here ({@code userName}, {@code
 * externalId}, {@code name.givenName}, {@code name.familyName}, {@code displayName}, one work
 * address in {@code emails}, {@code active}); the others a directory sends are not kept (RFC 7644
 * §3.3 lets a service provider ignore what it does not support; {@code Schemas} says what is).
 */
final class UserResources {
  private static final int MAX = 255;

  private final ScimJson json;

  UserResources(ScimJson json) {
    this.json = json;
  }

  /** The attributes a request sets, checked. */
  record Attributes(
      String userName,
      @Nullable String externalId,
      @Nullable String givenName,
      @Nullable String familyName,
      @Nullable String displayName,
      @Nullable String email,
      boolean active) {
    @Override
    public String toString() {
      return "Attributes[active=" + active + "]";
    }
  }

  /**
   * Reads a User from a request's body.
   *
   * @throws ScimProblem {@code invalidSyntax} when it is not a User's JSON
   */
  ScimUser read(String body) {
    try {
      JsonNode tree = json.mapper.readTree(body);
      if (tree == null || !tree.isObject()) {
        throw ScimProblem.badRequest("invalidSyntax", "the body is a JSON object");
      }
      normaliseActive((ObjectNode) tree);
      return json.mapper.treeToValue(tree, ScimUser.class);
    } catch (ScimProblem e) {
      throw e;
    } catch (Exception e) {
      throw ScimProblem.badRequest("invalidSyntax", "the body is not a SCIM User");
    }
  }

  /**
   * Entra ID sends {@code active} as the text {@code "True"} or {@code "False"}; anything else that
   * is not a boolean is refused rather than guessed.
   */
  static void normaliseActive(ObjectNode user) {
    var names = new ArrayList<String>();
    user.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      if (!name.equalsIgnoreCase("active")) {
        continue;
      }
      JsonNode v = user.get(name);
      if (v.isTextual()) {
        String t = v.asText().toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
          throw ScimProblem.invalidValue("active is true or false");
        }
        user.put(name, Boolean.parseBoolean(t));
      }
    }
  }

  /**
   * {@return the User's attributes, checked}
   *
   * @param activeWhenAbsent the member's state when the User does not say
   * @throws ScimProblem {@code invalidValue} for a missing user name or a value too long
   */
  Attributes attributes(ScimUser user, boolean activeWhenAbsent) {
    String userName = text(user.getUserName(), "userName");
    if (userName == null || userName.isBlank()) {
      throw ScimProblem.invalidValue("userName is required");
    }
    Name name = user.getName();
    return new Attributes(
        userName.strip(),
        text(user.getExternalId(), "externalId"),
        name == null ? null : text(name.getGivenName(), "name.givenName"),
        name == null ? null : text(name.getFamilyName(), "name.familyName"),
        text(user.getDisplayName(), "displayName"),
        text(email(user), "emails"),
        user.getActive() == null ? activeWhenAbsent : user.getActive());
  }

  /** {@return the work address, else the primary one, else the first, else the user name's} */
  private static @Nullable String email(ScimUser user) {
    List<Email> emails = user.getEmails() == null ? List.of() : user.getEmails();
    return emails.stream()
        .filter(e -> e.getValue() != null)
        .filter(e -> "work".equalsIgnoreCase(e.getType()))
        .findFirst()
        .or(
            () ->
                emails.stream()
                    .filter(e -> e.getValue() != null && Boolean.TRUE.equals(e.getPrimary()))
                    .findFirst())
        .or(() -> emails.stream().filter(e -> e.getValue() != null).findFirst())
        .map(Email::getValue)
        .orElse(
            user.getUserName() != null && user.getUserName().contains("@")
                ? user.getUserName()
                : null);
  }

  private static @Nullable String text(@Nullable String value, String attribute) {
    if (value == null) {
      return null;
    }
    if (value.length() > MAX || value.chars().anyMatch(Character::isISOControl)) {
      throw ScimProblem.invalidValue(
          attribute + " is at most " + MAX + " characters, without control characters");
    }
    return value;
  }

  /** {@return the member as SCIMple's User} */
  ScimUser user(Member m) {
    ScimUser u = new ScimUser();
    u.setId(m.id().toString());
    u.setExternalId(m.externalId());
    u.setUserName(m.userName());
    if (m.givenName() != null || m.familyName() != null) {
      u.setName(new Name().setGivenName(m.givenName()).setFamilyName(m.familyName()));
    }
    u.setDisplayName(m.displayName());
    if (m.email() != null) {
      u.setEmails(
          new ArrayList<>(
              List.of(new Email().setType("work").setValue(m.email()).setPrimary(true))));
    }
    u.setActive(m.active());
    return u;
  }

  /** {@return the member as the User resource's JSON, with its times as xsd:dateTime} */
  ObjectNode resource(Member m) {
    ObjectNode n = json.mapper.valueToTree(user(m));
    ObjectNode meta = n.putObject("meta");
    meta.put("resourceType", "User");
    meta.put("created", m.createdAt().toString());
    meta.put("lastModified", m.modifiedAt().toString());
    return n;
  }

  /** The body's {@code Operations}, read by SCIMple; Entra ID's {@code "False"} as false. */
  List<PatchOperation> operations(String body) {
    JsonNode tree;
    try {
      tree = json.mapper.readTree(body);
    } catch (Exception e) {
      throw ScimProblem.badRequest("invalidSyntax", "the body is not a PatchOp");
    }
    JsonNode ops = null;
    if (tree != null && tree.isObject()) {
      var names = tree.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (name.equalsIgnoreCase("Operations")) {
          ops = tree.get(name);
        }
      }
    }
    if (ops == null || !ops.isArray() || ops.isEmpty()) {
      throw ScimProblem.badRequest("invalidSyntax", "a PatchOp has Operations");
    }
    List<PatchOperation> read = new ArrayList<>();
    for (JsonNode op : ops) {
      if (!op.isObject()) {
        throw ScimProblem.badRequest("invalidSyntax", "an operation is an object");
      }
      ObjectNode o = (ObjectNode) op.deepCopy();
      JsonNode value = o.get("value");
      JsonNode path = o.get("path");
      if (value != null && value.isObject()) {
        normaliseActive((ObjectNode) value);
      } else if (value != null
          && value.isTextual()
          && path != null
          && path.asText().equalsIgnoreCase("active")) {
        ObjectNode holder = json.mapper.createObjectNode().put("active", value.asText());
        normaliseActive(holder);
        o.set("value", holder.get("active"));
      }
      try {
        read.add(json.mapper.treeToValue(o, PatchOperation.class));
      } catch (Exception e) {
        throw ScimProblem.badRequest("invalidPath", "an operation's op or path is not understood");
      }
    }
    return read;
  }
}
