package dev.gatehouse.spring.web.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.1 description of the contract, built from {@link #ROUTES} (the one list of the
 * contract's routes; a test checks it against the controllers' mappings) and served at {@code
 * {base}/openapi.json}. {@code docs/openapi.json} holds the copy for the default base path.
 */
public final class OpenApiDocument {
  /**
   * One route.
   *
   * @param method HTTP method
   * @param path path under the base path (or absolute for the JWKS)
   * @param operationId the operation id
   * @param summary one line
   * @param auth whether an access token is required
   * @param request the request body schema, or {@code null}
   * @param status the success status
   * @param response the success body schema
   * @param errors the error statuses it can answer
   */
  public record Route(
      String method,
      String path,
      String operationId,
      String summary,
      boolean auth,
      String request,
      int status,
      String response,
      List<Integer> errors) {}

  private static Route r(
      String method,
      String path,
      String op,
      String summary,
      boolean auth,
      String request,
      int status,
      String response,
      Integer... errors) {
    return new Route(method, path, op, summary, auth, request, status, response, List.of(errors));
  }

  /** Every route of the contract, in the order the document lists them. */
  public static final List<Route> ROUTES =
      List.of(
          r(
              "post",
              "/register/",
              "register",
              "Register an account; the same answer whether or" + " not the address is taken",
              false,
              "Registration",
              201,
              "Detail",
              400,
              429),
          r(
              "post",
              "/registration/account-confirmation-email/",
              "confirmEmail",
              "Confirm an email with the token of the emailed link",
              false,
              "LinkToken",
              200,
              "Detail",
              400),
          r(
              "post",
              "/registration/account-confirmation-email/resend/",
              "resendConfirmation",
              "Send a new confirmation link; the same answer for every address",
              false,
              "EmailOnly",
              200,
              "Detail",
              400,
              429),
          r(
              "post",
              "/login/basic/",
              "login",
              "Log in with an identifier and a password",
              false,
              "Login",
              200,
              "LoginAnswer",
              400,
              401,
              403,
              429),
          r(
              "post",
              "/password-reset/request/",
              "requestPasswordReset",
              "Email a reset link; the same answer for every address",
              false,
              "EmailOnly",
              200,
              "Detail",
              400,
              429),
          r(
              "post",
              "/password-reset/confirm/",
              "confirmPasswordReset",
              "Set a new password with the token of the emailed link",
              false,
              "ResetConfirm",
              200,
              "Detail",
              400),
          r(
              "post",
              "/password-reset/change/",
              "changePassword",
              "Change the password; a wrong current password is a 400",
              true,
              "PasswordChange",
              200,
              "Detail",
              400,
              401,
              429),
          r(
              "post",
              "/account/update/",
              "updateAccount",
              "Change language, time zone, username",
              true,
              "AccountUpdate",
              200,
              "UserAnswer",
              400,
              401),
          r(
              "patch",
              "/account/update/",
              "patchAccount",
              "Change language, time zone, username",
              true,
              "AccountUpdate",
              200,
              "UserAnswer",
              400,
              401),
          r(
              "post",
              "/account/delete/",
              "deleteAccount",
              "Delete the account; a wrong current password is a 400",
              true,
              "AccountDelete",
              200,
              "Detail",
              400,
              401,
              429),
          r(
              "post",
              "/admin/create-superuser/",
              "createSuperuser",
              "Create the first superuser with the X-Admin-Bootstrap-Token header",
              false,
              "Superuser",
              201,
              "Created",
              400,
              403),
          r(
              "post",
              "/otp/request/",
              "requestCode",
              "Send a one-time code by SMS or email",
              false,
              "CodeRequest",
              200,
              "CodeSent",
              400,
              429,
              503),
          r(
              "post",
              "/otp/verify/",
              "verifyCode",
              "Verify a code; for purpose login (the default) this logs in",
              false,
              "CodeVerify",
              200,
              "LoginAnswer",
              400,
              401,
              403,
              429),
          r(
              "get",
              "/login/social/",
              "socialProviders",
              "The registered social sign-in providers",
              false,
              null,
              200,
              "SocialProviders"),
          r(
              "post",
              "/login/social/",
              "socialLogin",
              "Sign in with a token a provider's native SDK obtained; 409 link_required when an"
                  + " account with the email exists but may not be linked automatically",
              false,
              "SocialLogin",
              200,
              "LoginAnswer",
              400,
              409,
              503),
          r(
              "get",
              "/login/social/redirect/",
              "socialRedirect",
              "Start a browser sign-in: redirects to the provider and binds the sign-in to this"
                  + " browser with a cookie",
              false,
              null,
              302,
              null,
              400),
          r(
              "get",
              "/login/social/callback/",
              "socialCallback",
              "The provider's callback: checks the state against the browser's cookie, exchanges"
                  + " the code and signs in",
              false,
              null,
              200,
              "LoginAnswer",
              400,
              409,
              503),
          r(
              "post",
              "/login/social/callback/",
              "socialCallbackFormPost",
              "The provider's callback as a form_post (Sign in with Apple)",
              false,
              null,
              200,
              "LoginAnswer",
              400,
              409,
              503),
          r(
              "post",
              "/login/social/exchange/",
              "socialExchange",
              "A single-page application's end of a browser sign-in (gatehouse.social.handoff-url):"
                  + " exchanges the one-time code of the redirect and its PKCE verifier for tokens",
              false,
              "SocialExchange",
              200,
              "LoginAnswer",
              400),
          r(
              "post",
              "/login/social/link/",
              "socialLink",
              "Link a provider identity to the signed-in user (a native token, or the link_token of"
                  + " a link_required answer)",
              true,
              "SocialLink",
              200,
              "SocialAccount",
              400,
              401),
          r(
              "post",
              "/login/social/unlink/",
              "socialUnlink",
              "Unlink a provider identity; refused when it is the last way to sign in",
              true,
              "SocialUnlink",
              200,
              "Detail",
              400,
              401,
              404),
          r(
              "get",
              "/login/social/accounts/",
              "socialAccounts",
              "The signed-in user's linked provider identities",
              true,
              null,
              200,
              "SocialAccounts",
              401),
          r(
              "post",
              "/login/mfa/",
              "completeMfaLogin",
              "Complete a login that answered mfa_required with its mfa_token and one factor;"
                  + " remember_device answers a remembered_device token",
              false,
              "MfaLogin",
              200,
              "MfaLoginAnswer",
              400,
              401,
              429),
          r(
              "post",
              "/login/mfa/enrol/",
              "beginRequiredMfaEnrolment",
              "Start the authenticator-app enrolment a login that answered mfa_enrolment_required"
                  + " asks for, with its mfa_token",
              false,
              "MfaEnrolmentStart",
              201,
              "TotpEnrolment",
              400),
          r(
              "post",
              "/login/mfa/enrol/confirm/",
              "completeRequiredMfaEnrolment",
              "Confirm that enrolment with the app's first code, which completes the login;"
                  + " answers recovery codes, shown once",
              false,
              "MfaEnrolmentConfirm",
              200,
              "MfaEnrolmentAnswer",
              400,
              429),
          r(
              "get",
              "/mfa/",
              "mfaStatus",
              "The user's second factors",
              true,
              null,
              200,
              "MfaStatus",
              401),
          r(
              "post",
              "/mfa/totp/",
              "beginTotp",
              "Start enrolling an authenticator app (needs recent authentication)",
              true,
              "RecentProof",
              201,
              "TotpEnrolment",
              400,
              401,
              403,
              429),
          r(
              "post",
              "/mfa/totp/confirm/",
              "confirmTotp",
              "Confirm the app with its first code; answers recovery codes, shown once",
              true,
              "CodeOnly",
              200,
              "RecoveryCodes",
              400,
              401,
              429),
          r(
              "post",
              "/mfa/totp/remove/",
              "removeTotp",
              "Remove the authenticator app and its recovery codes (needs recent authentication)",
              true,
              "RecentProof",
              200,
              "Detail",
              400,
              401,
              403,
              429),
          r(
              "post",
              "/mfa/recovery-codes/",
              "regenerateRecoveryCodes",
              "Replace the recovery codes (needs recent authentication)",
              true,
              "RecentProof",
              200,
              "RecoveryCodes",
              400,
              401,
              403,
              429),
          r(
              "get",
              "/mfa/remembered-devices/",
              "rememberedDevices",
              "The user's remembered devices (which skip the second factor at login)",
              true,
              null,
              200,
              "RememberedDevices",
              401),
          r(
              "post",
              "/mfa/remembered-devices/forget/",
              "forgetRememberedDevices",
              "Forget one remembered device (id) or all of them",
              true,
              "RememberedDeviceForget",
              200,
              "DetailForgotten",
              401,
              404),
          r(
              "post",
              "/login/passkey/options/",
              "passkeyLoginOptions",
              "Start a passwordless sign-in with a passkey (discoverable credential)",
              false,
              null,
              200,
              "PasskeyRequestOptions",
              400,
              429),
          r(
              "post",
              "/login/passkey/",
              "passkeyLogin",
              "Finish a passkey sign-in; may answer mfa_required",
              false,
              "PasskeyLogin",
              200,
              "LoginAnswer",
              400,
              401,
              429),
          r(
              "post",
              "/login/mfa/passkey/options/",
              "mfaPasskeyOptions",
              "Start answering an mfa_required login with a passkey",
              false,
              "MfaToken",
              200,
              "PasskeyRequestOptions",
              400),
          r(
              "post",
              "/login/mfa/passkey/",
              "completeMfaLoginWithPasskey",
              "Complete an mfa_required login with a passkey",
              false,
              "MfaPasskeyLogin",
              200,
              "LoginAnswer",
              400,
              401,
              429),
          r(
              "get",
              "/passkeys/",
              "passkeys",
              "The signed-in user's passkeys",
              true,
              null,
              200,
              "Passkeys",
              401),
          r(
              "post",
              "/passkeys/register/options/",
              "passkeyRegistrationOptions",
              "Start registering a passkey (needs recent authentication)",
              true,
              "RecentProof",
              200,
              "PasskeyCreationOptions",
              400,
              401,
              403,
              429),
          r(
              "post",
              "/passkeys/register/",
              "registerPasskey",
              "Finish registering a passkey",
              true,
              "PasskeyRegistration",
              201,
              "Passkey",
              400,
              401),
          r(
              "post",
              "/passkeys/rename/",
              "renamePasskey",
              "Rename one of the user's passkeys",
              true,
              "PasskeyRename",
              200,
              "Passkey",
              400,
              401,
              404),
          r(
              "post",
              "/passkeys/remove/",
              "removePasskey",
              "Remove one of the user's passkeys (needs recent authentication)",
              true,
              "PasskeyRemove",
              200,
              "Detail",
              400,
              401,
              403,
              404,
              429),
          r(
              "post",
              "/passkeys/step-up/options/",
              "passkeyStepUpOptions",
              "Start a step-up with a passkey: send the answer as the passkey proof",
              true,
              null,
              200,
              "PasskeyRequestOptions",
              400,
              401),
          r(
              "post",
              "/token/refresh/",
              "refresh",
              "Rotate a refresh token; a replayed one ends its session",
              false,
              "Refresh",
              200,
              "Tokens",
              400,
              401),
          r(
              "post",
              "/token/exchange/",
              "exchangeLegacyToken",
              "Exchange a legacy system's token for a session during the transition window (RFC"
                  + " 8693; a form or JSON); each token once",
              false,
              "TokenExchange",
              200,
              "ExchangedTokens",
              400),
          r(
              "post",
              "/logout/",
              "logout",
              "End the session of the access token, or of the refresh token in the body",
              false,
              "Logout",
              200,
              "Detail",
              400,
              401),
          r(
              "post",
              "/logout/all/",
              "logoutAll",
              "End every session of the user",
              true,
              null,
              200,
              "DetailCount",
              401),
          r(
              "get",
              "/sessions/",
              "listSessions",
              "The user's live sessions",
              true,
              null,
              200,
              "Sessions",
              401),
          r(
              "post",
              "/sessions/revoke/",
              "revokeSession",
              "End one session",
              true,
              "SessionRevoke",
              200,
              "Detail",
              400,
              401,
              404),
          r(
              "post",
              "/sessions/revoke-others/",
              "revokeOtherSessions",
              "End every session but the caller's",
              true,
              null,
              200,
              "DetailCount",
              401),
          r(
              "get",
              "/me/",
              "me",
              "The user, the active profile and every profile",
              true,
              null,
              200,
              "Me",
              400,
              401),
          r(
              "get",
              "/profiles/",
              "listProfiles",
              "The user's profiles",
              true,
              null,
              200,
              "Profiles",
              401),
          r(
              "post",
              "/profiles/",
              "createProfile",
              "Create a profile",
              true,
              "ProfileInput",
              201,
              "Profile",
              400,
              401),
          r(
              "patch",
              "/profiles/{id}/",
              "updateProfile",
              "Change a profile",
              true,
              "ProfileInput",
              200,
              "Profile",
              400,
              401,
              404),
          r(
              "delete",
              "/profiles/{id}/",
              "deleteProfile",
              "Delete a profile",
              true,
              null,
              200,
              "Detail",
              400,
              401,
              404),
          r(
              "post",
              "/profile/switch/",
              "switchProfile",
              "Act as another profile: new tokens carrying its id",
              true,
              "ProfileSwitch",
              200,
              "Tokens",
              400,
              401,
              404),
          r(
              "get",
              "/devices/",
              "listDevices",
              "The user's devices",
              true,
              null,
              200,
              "Devices",
              401),
          r(
              "delete",
              "/devices/{id}/",
              "deleteDevice",
              "Remove a device",
              true,
              null,
              200,
              "Detail",
              401,
              404),
          r("get", ContractPaths.OPENAPI, "openapi", "This document", false, null, 200, null));

  /** The JWKS route, outside the base path. */
  public static final Route JWKS_ROUTE =
      r(
          "get",
          ContractPaths.JWKS,
          "jwks",
          "The public signing keys (RFC 7517 JWK Set)",
          false,
          null,
          200,
          null);

  private OpenApiDocument() {}

  /**
   * The document for a base path.
   *
   * @param paths the contract's paths
   * @return the document as maps and lists
   */
  public static Map<String, Object> build(ContractPaths paths) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    doc.put(
        "info",
        map(
            "title", "Gatehouse HTTP contract",
            "version", "1",
            "description",
                "The jb-drf-auth route set served by gatehouse-spring-boot-web. Every body is"
                    + " snake_case JSON; every error is an RFC 9457 problem"
                    + " (application/problem+json) with the stable Gatehouse error code in"
                    + " `code`. Requests with a body must be application/json; duplicate keys"
                    + " and trailing data are refused. A 401 carries WWW-Authenticate; a 429"
                    + " carries Retry-After when waiting helps."));
    Map<String, Object> pathItems = new LinkedHashMap<>();
    for (Route route : ROUTES) {
      add(pathItems, paths.basePath() + route.path(), route);
    }
    add(pathItems, JWKS_ROUTE.path(), JWKS_ROUTE);
    doc.put("paths", pathItems);
    doc.put(
        "components",
        map(
            "securitySchemes",
            map("bearer", map("type", "http", "scheme", "bearer", "bearerFormat", "JWT")),
            "schemas",
            Schemas.all()));
    return doc;
  }

  @SuppressWarnings("unchecked")
  private static void add(Map<String, Object> pathItems, String path, Route route) {
    Map<String, Object> item =
        (Map<String, Object>) pathItems.computeIfAbsent(path, k -> new LinkedHashMap<>());
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("operationId", route.operationId());
    op.put("summary", route.summary());
    List<Object> parameters = new ArrayList<>();
    if (path.contains("{id}")) {
      parameters.add(
          map("name", "id", "in", "path", "required", true, "schema", map("type", "integer")));
    }
    if (route.operationId().equals("socialRedirect")) {
      parameters.add(
          map(
              "name",
              "provider",
              "in",
              "query",
              "required",
              true,
              "schema",
              map("type", "string")));
      parameters.add(
          map(
              "name",
              "code_challenge",
              "in",
              "query",
              "required",
              false,
              "description",
              "the application's PKCE S256 challenge; required with gatehouse.social.handoff-url",
              "schema",
              map("type", "string")));
    }
    if (route.operationId().startsWith("socialCallback")) {
      for (String name : List.of("state", "code")) {
        parameters.add(
            map("name", name, "in", "query", "required", false, "schema", map("type", "string")));
      }
    }
    if (route.operationId().equals("me")) {
      parameters.add(
          map(
              "name",
              "client",
              "in",
              "query",
              "required",
              false,
              "schema",
              map("type", "string", "enum", List.of("web", "mobile"))));
    }
    if (route.operationId().equals("createSuperuser")) {
      parameters.add(
          map(
              "name",
              "X-Admin-Bootstrap-Token",
              "in",
              "header",
              "required",
              true,
              "schema",
              map("type", "string")));
    }
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    op.put("security", route.auth() ? List.of(map("bearer", List.of())) : List.of());
    if (route.request() != null) {
      op.put(
          "requestBody",
          map(
              "required",
              true,
              "content",
              map("application/json", map("schema", ref(route.request())))));
    }
    Map<String, Object> responses = new LinkedHashMap<>();
    String type = route == JWKS_ROUTE ? JwksController.JWK_SET_JSON : "application/json";
    Map<String, Object> ok = new LinkedHashMap<>();
    if (route.status() == 302) {
      ok.put("description", "Found");
      ok.put("headers", map("Location", map("schema", map("type", "string"))));
    } else {
      ok.put("description", route.status() == 201 ? "Created" : "OK");
      ok.put(
          "content",
          map(
              type,
              map(
                  "schema",
                  route.response() == null ? map("type", "object") : ref(route.response()))));
    }
    responses.put(Integer.toString(route.status()), ok);
    for (int status : route.errors()) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("description", Problems.reason(status));
      if (status == 401) {
        error.put("headers", map("WWW-Authenticate", map("schema", map("type", "string"))));
      }
      if (status == 429) {
        error.put(
            "headers",
            map(
                "Retry-After",
                map(
                    "description",
                    "Seconds to wait; absent when waiting does not help",
                    "schema",
                    map("type", "integer"))));
      }
      error.put("content", map(Problems.PROBLEM_JSON, map("schema", ref("Problem"))));
      responses.put(Integer.toString(status), error);
    }
    op.put("responses", responses);
    item.put(route.method(), op);
  }

  static Map<String, Object> ref(String schema) {
    return map("$ref", "#/components/schemas/" + schema);
  }

  /**
   * An ordered map from alternating keys and values.
   *
   * @param kv keys and values
   * @return the map
   */
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
