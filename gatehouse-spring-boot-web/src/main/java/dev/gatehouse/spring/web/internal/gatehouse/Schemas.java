package dev.gatehouse.spring.web.internal.gatehouse;

import static dev.gatehouse.spring.web.internal.gatehouse.OpenApiDocument.ref;
import static dev.gatehouse.spring.web.internal.shared.ContractJson.map;

import dev.gatehouse.spring.web.internal.shared.LegacyExchange;
import dev.gatehouse.spring.web.internal.shared.Shapes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of the contract's bodies. */
final class Schemas {
  private Schemas() {}

  static Map<String, Object> str() {
    return map("type", "string");
  }

  static Map<String, Object> strOrNull() {
    return map("type", List.of("string", "null"));
  }

  static Map<String, Object> time() {
    return map("type", List.of("string", "null"), "format", "date-time");
  }

  static Map<String, Object> bool() {
    return map("type", "boolean");
  }

  static Map<String, Object> integer() {
    return map("type", "integer");
  }

  static Map<String, Object> arrayOf(Map<String, Object> items) {
    return map("type", "array", "items", items);
  }

  /**
   * An object schema; a property name ending in {@code *} is required.
   *
   * @param kv names and schemas
   * @return the schema
   */
  static Map<String, Object> object(Object... kv) {
    Map<String, Object> props = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (int i = 0; i < kv.length; i += 2) {
      String name = (String) kv[i];
      if (name.endsWith("*")) {
        name = name.substring(0, name.length() - 1);
        required.add(name);
      }
      props.put(name, kv[i + 1]);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "object");
    m.put("properties", props);
    if (!required.isEmpty()) {
      m.put("required", required);
    }
    return m;
  }

  private static Map<String, Object> rememberedDevice() {
    return map(
        "type",
        "string",
        "description",
        "a remembered-device token of this account: skips its second factor");
  }

  private static Map<String, Object> device() {
    return object(
        "token*", str(),
        "platform", strOrNull(),
        "name", strOrNull(),
        "notification_token", strOrNull());
  }

  /**
   * The members every sign-in route's body may add to its own ({@code
   * ContractSupport#loginClient}): the client kind, a mobile login's device and a remembered-device
   * token.
   */
  static Map<String, Object> loginClient() {
    return map(
        "client",
        map("type", "string", "enum", List.of("web", "mobile")),
        "device",
        device(),
        "remembered_device",
        rememberedDevice());
  }

  static Map<String, Object> all() {
    Map<String, Object> s = new LinkedHashMap<>();
    Map<String, Object> device = device();
    s.put(
        "Problem",
        object(
            "type*",
            str(),
            "title*",
            str(),
            "status*",
            integer(),
            "detail*",
            str(),
            "code*",
            str(),
            "mfa_token",
            map(
                "type",
                "string",
                "description",
                "mfa_required: send to /login/mfa/; mfa_enrolment_required: send to"
                    + " /login/mfa/enrol/ and /login/mfa/enrol/confirm/"),
            "expires_at",
            map("type", "string", "format", "date-time"),
            "methods",
            arrayOf(str())));
    s.put("Detail", object("detail*", str()));
    s.put("DetailCount", object("detail*", str(), "sessions*", integer()));
    s.put("Created", object("id*", str()));
    s.put(
        "User",
        object(
            "id*", str(),
            "email*", strOrNull(),
            "phone*", strOrNull(),
            "username*", strOrNull(),
            "is_active*", bool(),
            "is_verified*", bool(),
            "email_verified*", bool(),
            "phone_verified*", bool(),
            "is_staff*", bool(),
            "is_superuser*", bool(),
            "language*", strOrNull(),
            "timezone*", strOrNull(),
            "feature_flags*", arrayOf(str()),
            "terms_accepted_at*", time(),
            "created_at*", time(),
            "last_login_at*", time()));
    s.put(
        "Profile",
        object(
            "id*", integer(),
            "role*", str(),
            "label*", strOrNull(),
            "is_default*", bool(),
            "is_active*", bool(),
            "settings*", map("type", "object"),
            "created_at*", time(),
            "modified_at*", time()));
    s.put("Profiles", arrayOf(ref("Profile")));
    s.put(
        "Device",
        object(
            "id*", integer(),
            "platform*", strOrNull(),
            "name*", strOrNull(),
            "token*", str(),
            "has_notification_token*", bool(),
            "linked_at*", time(),
            "last_seen_at*", time()));
    s.put("Devices", arrayOf(ref("Device")));
    s.put(
        "Session",
        object(
            "id*", str(),
            "client*", str(),
            "device*", map("oneOf", List.of(ref("Device"), map("type", "null"))),
            "created_at*", time(),
            "last_used_at*", time(),
            "expires_at*", time(),
            "network*", strOrNull(),
            "user_agent*", strOrNull(),
            "current*", bool(),
            "impersonated_by*", strOrNull()));
    s.put("Sessions", arrayOf(ref("Session")));
    ModuleSchemas.admin(s);
    Object[] tokens = {
      "access*", str(),
      "refresh*", str(),
      "expires_in*", map("type", "integer", "description", "seconds the access token lives"),
      "token_type*", map("type", "string", "const", Shapes.TOKEN_TYPE)
    };
    s.put("Tokens", object(tokens));
    List<Object> exchanged = new ArrayList<>(List.of(tokens));
    exchanged.addAll(
        List.of(
            "access_token*", str(),
            "refresh_token*", str(),
            "issued_token_type*",
                map("type", "string", "const", LegacyExchange.ISSUED_TOKEN_TYPE)));
    s.put("ExchangedTokens", object(exchanged.toArray()));
    s.put(
        "TokenExchange",
        object(
            "grant_type*", map("type", "string", "const", LegacyExchange.TOKEN_EXCHANGE),
            "subject_token*", str(),
            "subject_token_type*",
                map(
                    "type",
                    "string",
                    "enum",
                    new java.util.TreeSet<>(LegacyExchange.SUBJECT_TOKEN_TYPES).stream().toList()),
            "client", map("type", "string", "enum", List.of("web", "mobile"))));
    Object[] me = {
      "user*", ref("User"),
      "active_profile*", map("oneOf", List.of(ref("Profile"), map("type", "null"))),
      "profiles*", ref("Profiles")
    };
    s.put("Me", object(me));
    List<Object> login = new ArrayList<>(List.of(tokens));
    login.addAll(List.of(me));
    login.addAll(List.of("device_registered", bool()));
    login.addAll(
        List.of(
            "mfa_enrolment_due",
            map(
                "type",
                "string",
                "format",
                "date-time",
                "description",
                "the account must enrol a second factor by then (gatehouse.mfa.required)")));
    s.put("LoginAnswer", object(login.toArray()));
    s.put("UserAnswer", object("user*", ref("User")));
    s.put("SocialProviders", object("providers*", arrayOf(str())));
    s.put(
        "SocialLogin",
        object(
            "provider*", str(),
            "id_token", str(),
            "access_token", str(),
            "nonce", str(),
            "client", str(),
            "device", map("type", "object")));
    s.put(
        "SocialLink",
        object(
            "provider", str(),
            "id_token", str(),
            "access_token", str(),
            "nonce", str(),
            "link_token", str()));
    s.put("SocialUnlink", object("provider*", str()));
    s.put("SocialExchange", object("code*", str(), "code_verifier*", str(), "client", str()));
    s.put(
        "SocialAccount",
        object(
            "provider*", str(),
            "email", strOrNull(),
            "email_verified*", bool(),
            "display_name", strOrNull(),
            "picture_url", strOrNull(),
            "linked_at*", time(),
            "last_used_at", time()));
    s.put("SocialAccounts", object("accounts*", arrayOf(ref("SocialAccount"))));

    s.put(
        "CodeSent",
        object(
            "detail*", str(),
            "destination*", str(),
            "channel*", str(),
            "expires_in*", map("type", "integer", "description", "seconds the code lives"),
            "resend_after*", integer()));
    s.put(
        "Registration",
        object(
            "email", str(),
            "phone", str(),
            "username", str(),
            "password", str(),
            "terms_accepted", bool(),
            "language", str(),
            "timezone", str()));
    s.put("LinkToken", object("token*", str()));
    s.put("EmailOnly", object("email*", str()));
    s.put(
        "Login",
        object(
            "identifier", map("type", "string", "description", "email, phone or username"),
            "email", str(),
            "username", str(),
            "password*", str(),
            "client", map("type", "string", "enum", List.of("web", "mobile")),
            "device", device,
            "remembered_device", rememberedDevice()));
    s.put("ResetConfirm", object("token*", str(), "password*", str()));
    s.put("PasswordChange", object("current_password*", str(), "new_password*", str()));
    s.put("AccountUpdate", object("language", str(), "timezone", str(), "username", str()));
    s.put("AccountDelete", object("password", str()));
    s.put("EmailChange", object("email*", str(), "password", str()));
    s.put("EmailChangeConfirm", object("email*", str(), "code*", str()));
    s.put("PhoneChange", object("phone*", str(), "password", str()));
    s.put("PhoneChangeConfirm", object("phone*", str(), "code*", str()));
    s.put(
        "ChangeCodeSent",
        object(
            "detail*", str(),
            "destination*", str(),
            "channel*", str(),
            "expires_in*", map("type", "integer", "description", "seconds the code lives")));
    s.put("Superuser", object("email*", str(), "password*", str()));
    s.put(
        "CodeRequest",
        object(
            "phone", str(),
            "email", str(),
            "channel", map("type", "string", "enum", List.of("sms", "email")),
            "purpose", str(),
            "locale", str()));
    s.put(
        "CodeVerify",
        object(
            "phone", str(),
            "email", str(),
            "code*", str(),
            "channel", map("type", "string", "enum", List.of("sms", "email")),
            "purpose", str(),
            "client", map("type", "string", "enum", List.of("web", "mobile")),
            "device", device,
            "remembered_device", rememberedDevice()));
    s.put(
        "Refresh",
        object(
            "refresh*", str(), "client", map("type", "string", "enum", List.of("web", "mobile"))));
    s.put("Logout", object("refresh", str()));
    s.put("SessionRevoke", object("session_id*", str()));
    s.put(
        "ProfileInput",
        object(
            "role", str(),
            "label", str(),
            "settings", map("type", "object"),
            "is_active", bool(),
            "is_default", bool()));
    s.put("ProfileSwitch", object("profile_id*", integer()));
    s.put(
        "MfaLogin",
        object(
            "mfa_token*",
            str(),
            "code",
            map("type", "string", "description", "the authenticator app's code"),
            "recovery_code",
            str(),
            "remember_device",
            map(
                "type",
                "boolean",
                "description",
                "remember this device (gatehouse.mfa.remember-device above zero)"),
            "client",
            map("type", "string", "enum", List.of("web", "mobile")),
            "device",
            device));
    List<Object> mfaAnswer = new ArrayList<>(login);
    mfaAnswer.addAll(
        List.of(
            "remembered_device",
            map(
                "type",
                "string",
                "description",
                "present it as remembered_device at later logins; shown once"),
            "remembered_device_expires_at",
            time()));
    s.put("MfaLoginAnswer", object(mfaAnswer.toArray()));
    s.put("MfaEnrolmentStart", object("mfa_token*", str()));
    s.put(
        "MfaEnrolmentConfirm",
        object(
            "mfa_token*", str(),
            "code*", map("type", "string", "description", "the authenticator app's first code"),
            "client", map("type", "string", "enum", List.of("web", "mobile")),
            "device", device));
    List<Object> enrolAnswer = new ArrayList<>(login);
    enrolAnswer.addAll(List.of("recovery_codes*", arrayOf(str())));
    s.put("MfaEnrolmentAnswer", object(enrolAnswer.toArray()));
    s.put(
        "RememberedDevice",
        object(
            "id*", integer(),
            "label*", strOrNull(),
            "created_at*", time(),
            "last_used_at*", time(),
            "expires_at*", time()));
    s.put("RememberedDevices", object("devices*", arrayOf(ref("RememberedDevice"))));
    s.put(
        "RememberedDeviceForget",
        object(
            "id", map("type", "integer", "description", "one device; without it, every device")));
    s.put("DetailForgotten", object("detail*", str(), "devices*", integer()));
    s.put(
        "MfaStatus",
        object(
            "totp_enabled*", bool(), "totp_pending*", bool(), "recovery_codes_left*", integer()));
    s.put(
        "RecentProof",
        object(
            "password",
            str(),
            "totp_code",
            str(),
            "passkey",
            map(
                "type",
                "object",
                "description",
                "an assertion (PublicKeyCredential.toJSON()) answering /passkeys/step-up/options/;"
                    + " without any of the three: the session's recent sign-in")));
    s.put(
        "TotpEnrolment",
        object(
            "secret*",
            str(),
            "otpauth_uri*",
            str(),
            "qr_png",
            map(
                "type",
                "string",
                "contentEncoding",
                "base64",
                "description",
                "the QR image (PNG) of otpauth_uri; absent when the host installed no QR renderer"
                    + " (auth-mfa, which the starter brings)")));
    Map<String, Object> webAuthn =
        map("type", "object", "description", "WebAuthn JSON (PublicKeyCredential.toJSON())");
    Map<String, Object> options =
        map(
            "type",
            "object",
            "description",
            "WebAuthn options JSON, for PublicKeyCredential.parse…OptionsFromJSON()");
    s.put("PasskeyCreationOptions", object("public_key*", options, "expires_at*", time()));
    s.put("PasskeyRequestOptions", object("public_key*", options, "expires_at*", time()));
    s.put("PasskeyRegistration", object("credential*", webAuthn, "name", str()));
    s.put(
        "PasskeyLogin",
        object(
            "credential*",
            webAuthn,
            "client",
            map("type", "string", "enum", List.of("web", "mobile")),
            "device",
            map("type", "object")));
    s.put("MfaToken", object("mfa_token*", str()));
    s.put(
        "MfaPasskeyLogin",
        object(
            "mfa_token*",
            str(),
            "credential*",
            webAuthn,
            "client",
            map("type", "string", "enum", List.of("web", "mobile")),
            "device",
            map("type", "object")));
    s.put(
        "Passkey",
        object(
            "id*", integer(),
            "name*", str(),
            "credential_id*", str(),
            "transports*", arrayOf(str()),
            "backup_eligible*", bool(),
            "backed_up*", bool(),
            "created_at*", time(),
            "last_used_at*", time()));
    s.put("Passkeys", object("passkeys*", arrayOf(ref("Passkey"))));
    s.put("PasskeyRename", object("id*", integer(), "name*", str()));
    s.put(
        "PasskeyRemove",
        object(
            "id*", integer(),
            "password", str(),
            "totp_code", str(),
            "passkey", webAuthn));
    s.put("CodeOnly", object("code*", str()));
    s.put("RecoveryCodes", object("recovery_codes*", arrayOf(str())));
    ModuleSchemas.organizations(s);
    ModuleSchemas.organizationSignIn(s);
    return s;
  }
}
