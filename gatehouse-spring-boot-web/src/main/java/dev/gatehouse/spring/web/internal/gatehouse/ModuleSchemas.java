package dev.gatehouse.spring.web.internal.gatehouse;

import static dev.gatehouse.spring.web.internal.gatehouse.OpenApiDocument.ref;
import static dev.gatehouse.spring.web.internal.gatehouse.Schemas.arrayOf;
import static dev.gatehouse.spring.web.internal.gatehouse.Schemas.bool;
import static dev.gatehouse.spring.web.internal.gatehouse.Schemas.integer;
import static dev.gatehouse.spring.web.internal.gatehouse.Schemas.object;
import static dev.gatehouse.spring.web.internal.gatehouse.Schemas.str;
import static dev.gatehouse.spring.web.internal.gatehouse.Schemas.strOrNull;
import static dev.gatehouse.spring.web.internal.gatehouse.Schemas.time;
import static dev.gatehouse.spring.web.internal.shared.ContractJson.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bodies of the routes of the modules served under this contract: administration,
 * organisations.
 */
final class ModuleSchemas {
  private ModuleSchemas() {}

  /** The administration routes' bodies ({@code auth-admin}). */
  static void admin(Map<String, Object> s) {
    s.put("AdminUsers", object("users*", arrayOf(ref("User"))));
    s.put("AdminUserPage", object("users*", arrayOf(ref("User")), "next*", strOrNull()));
    s.put(
        "AdminDisable",
        object(
            "reason*",
            str(),
            "until",
            map("type", List.of("string", "null"), "format", "date-time")));
    s.put("AdminImpersonate", object("reason*", str()));
    s.put("AdminReason", object("reason*", str()));
    Map<String, Object> byMethod = map("type", "object", "additionalProperties", integer());
    s.put(
        "AdminStatistics",
        object(
            "from*", map("type", "string", "format", "date"),
            "to*", map("type", "string", "format", "date"),
            "days*",
                arrayOf(
                    object(
                        "day*",
                        map("type", "string", "format", "date"),
                        "sign_ins*",
                        byMethod,
                        "failures*",
                        byMethod,
                        "lockouts*",
                        integer(),
                        "deliveries*",
                        arrayOf(
                            object(
                                "channel*", str(),
                                "purpose*", str(),
                                "provider*", str(),
                                "outcome*", str(),
                                "count*", integer())),
                        "codes*",
                        arrayOf(
                            object(
                                "channel*", str(),
                                "purpose*", str(),
                                "sent*", integer(),
                                "verified*", integer(),
                                "expired*", integer(),
                                "burned*", integer(),
                                "replaced*", integer()))))));
    Map<String, Object> id = map("type", "integer");
    s.put(
        "AdminUserPicture",
        object(
            "user*", ref("User"),
            "profiles*",
                arrayOf(
                    object(
                        "id*", id,
                        "role*", str(),
                        "label*", strOrNull(),
                        "is_active*", bool(),
                        "is_default*", bool(),
                        "created_at*", time())),
            "devices*",
                arrayOf(
                    object(
                        "id*", id,
                        "platform*", strOrNull(),
                        "name*", strOrNull(),
                        "linked_at*", time(),
                        "last_seen_at*", time())),
            "sessions*",
                arrayOf(
                    object(
                        "id*", str(),
                        "client*", str(),
                        "amr*", arrayOf(str()),
                        "network*", strOrNull(),
                        "user_agent*", strOrNull(),
                        "created_at*", time(),
                        "last_used_at*", time(),
                        "expires_at*", time())),
            "factors*",
                object(
                    "authenticator_app*", bool(),
                    "unused_recovery_codes*", integer(),
                    "remembered_devices*", integer()),
            "passkeys*",
                arrayOf(
                    object(
                        "id*", id,
                        "name*", str(),
                        "created_at*", time(),
                        "last_used_at*", time())),
            "social_accounts*",
                arrayOf(
                    object(
                        "provider*", str(),
                        "email*", strOrNull(),
                        "linked_at*", time(),
                        "last_used_at*", time())),
            "audit*",
                arrayOf(
                    object(
                        "at*", time(),
                        "event*", str(),
                        "actor*", str(),
                        "method*", strOrNull(),
                        "reason*", strOrNull(),
                        "detail*", strOrNull(),
                        "network*", strOrNull())),
            "disabled_until*", time()));
  }

  /** The bodies of the organisation routes. */
  static void organizations(Map<String, Object> s) {
    Map<String, Object> uuid = map("type", "string", "format", "uuid");
    Object[] organization = {
      "id*", uuid,
      "name*", str(),
      "slug*", str(),
      "settings*", map("type", "object"),
      "created_at*", time(),
      "modified_at*", time()
    };
    s.put("Organization", object(organization));
    List<Object> mine = new ArrayList<>(List.of(organization));
    mine.addAll(List.of("role*", str(), "joined_at*", time()));
    s.put("MyOrganizations", arrayOf(object(mine.toArray())));
    s.put("OrganizationCreate", object("name*", str(), "slug*", str()));
    s.put("OrganizationUpdate", object("name*", str(), "settings", map("type", "object")));
    s.put(
        "Member",
        object(
            "organization*", uuid,
            "user*", uuid,
            "role*", str(),
            "joined_at*", time(),
            "invited_by*", map("type", List.of("string", "null"), "format", "uuid")));
    s.put("Members", arrayOf(ref("Member")));
    s.put("RoleChange", object("role*", str()));
    s.put(
        "Invitation",
        object(
            "id*", uuid,
            "organization*", uuid,
            "email*", str(),
            "role*", str(),
            "invited_by*", uuid,
            "created_at*", time(),
            "expires_at*", time()));
    s.put("Invitations", arrayOf(ref("Invitation")));
    s.put("InvitationCreate", object("email*", str(), "role*", str()));
    s.put("InvitationToken", object("token*", str()));
    s.put(
        "InvitationSignUp",
        object(
            "token*",
            str(),
            "client",
            map("type", "string", "enum", List.of("web", "mobile")),
            "device",
            map("type", "object")));
  }

  /** The bodies of an organisation's domains and its own sign-in. */
  static void organizationSignIn(Map<String, Object> s) {
    s.put(
        "OrganizationDomain",
        object(
            "domain*", str(),
            "verified*", bool(),
            "record_name*", str(),
            "challenge*", str(),
            "created_at*", time(),
            "verified_at*", map("type", List.of("string", "null"), "format", "date-time"),
            "sign_in*", bool(),
            "join_allowed*", bool()));
    s.put("OrganizationDomains", arrayOf(ref("OrganizationDomain")));
    s.put("OrganizationDomainJoin", object("allowed*", bool()));
    s.put("JoinableOrganizations", arrayOf(ref("Organization")));
    s.put("OrganizationDomainCreate", object("domain*", str()));
    s.put(
        "OrganizationSignIn",
        object(
            "kind*", str(),
            "issuer*", str(),
            "client_id*", str(),
            "domains*", arrayOf(str()),
            "required*", bool(),
            "created_at*", time(),
            "modified_at*", time()));
    s.put(
        "OrganizationSignInSettings",
        object(
            "issuer*", str(),
            "client_id*", str(),
            "client_secret*", str(),
            "domains*", arrayOf(str()),
            "required", bool()));
    s.put(
        "OrganizationPolicy",
        object(
            "second_factor_required", bool(),
            "sign_in_methods", arrayOf(str()),
            "session_lifetime_seconds", map("type", List.of("integer", "null"))));
    s.put("OrganizationSignInStart", object("email*", str()));
    s.put(
        "OrganizationSignInRedirect",
        object(
            "authorization_url*", str(), "organization*", map("type", "string", "format", "uuid")));
  }
}
