package dev.gatehouse.spring.web.internal.jbdrfauth;

import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.PeerOpenApi;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.1 description of the {@code jb-drf-auth} contract, built from {@link #ROUTES} (the
 * one list of its routes; a test checks it against {@link JbSupport#CONTROLLERS}' mappings) and
 * served at {@code {base}/openapi.json} under that contract. {@code docs/HTTP.md}'s route table of
 * the contract is {@link PeerOpenApi#markdownTable} of it.
 */
final class JbOpenApiDocument {
  private static final String DEVICE = "device:object";
  private static final String SOCIAL =
      "provider:string! id_token:string access_token:string authorization_code:string";

  /** Every route of the contract, in the order the document lists them. */
  static final List<PeerOpenApi.Route> ROUTES =
      List.of(
          PeerOpenApi.r(
              "post",
              "/register/",
              "Sign up; the default profile gets the person fields",
              "-",
              "email:string! username:string password:string! password_confirm:string!"
                  + " first_name:string! last_name_1:string! last_name_2:string"
                  + " birthday:date! gender:string! role:string"
                  + " terms_and_conditions_accepted:boolean",
              201,
              "`{detail}`; serializer errors 409 `{detail}`; passwords differ 400; 429 throttled"
                  + " per network"),
          PeerOpenApi.r(
              "post",
              "/registration/account-confirmation-email/",
              "Confirm the email with the link's uid and token",
              "-",
              "uid:string! token:string!",
              200,
              "`{detail}`; 400 `non_field_errors`"),
          PeerOpenApi.r(
              "post",
              "/registration/account-confirmation-email/resend/",
              "Send a new confirmation link; the same answer for every address",
              "-",
              "email:string!",
              200,
              "`{detail, email_sent}`; 429 throttled per network"),
          PeerOpenApi.r(
              "post",
              "/login/basic/",
              "Sign in with an email or username and a password",
              "-",
              "login:string! password:string! client:string! " + DEVICE,
              200,
              "web or mobile answer; 401 `{detail}`"),
          PeerOpenApi.r(
              "post",
              "/password-reset/request/",
              "Email a reset link; the same answer for every address",
              "-",
              "email:string!",
              200,
              "`{detail, email_sent}`; 429 throttled per network"),
          PeerOpenApi.r(
              "post",
              "/password-reset/confirm/",
              "Set a new password with the link's uid and token",
              "-",
              "uid:string! token:string! new_password:string! new_password_confirm:string!",
              200,
              "`{detail}`; dead link 400 `[\"Token invalido o expirado.\"]`"),
          PeerOpenApi.r(
              "post",
              "/password-reset/change/",
              "Change the password",
              "yes",
              "old_password:string! new_password:string! new_password_confirm:string!",
              200,
              "`{detail}`; 400 `{old_password}`"),
          PeerOpenApi.r(
              "post",
              "/otp/request/",
              "Send a one-time code by SMS or email",
              "-",
              "email:string phone:string channel:string!",
              201,
              "`{detail, channel}`; cooldown 429"),
          PeerOpenApi.r(
              "post",
              "/otp/verify/",
              "Sign in with a one-time code",
              "-",
              "email:string phone:string code:string! client:string! " + DEVICE + " role:string",
              200,
              "web or mobile answer; 401, 429"),
          PeerOpenApi.r(
              "post",
              "/login/social/",
              "Sign in with a provider's token",
              "-",
              SOCIAL + " client:string! " + DEVICE + " terms_and_conditions_accepted:boolean",
              200,
              "web or mobile answer + `social_provider, user_created, linked_existing_user`;"
                  + " 400/401 `{detail, code}`"),
          PeerOpenApi.r(
              "post",
              "/login/social/precheck/",
              "What a social sign-in would do; the token is not spent",
              "-",
              SOCIAL + " client:string!",
              200,
              "`{provider, email, email_verified, social_account_exists, linked_existing_user,"
                  + " user_exists, would_create_user, can_login}`"),
          PeerOpenApi.r(
              "post",
              "/login/social/link/",
              "Link a provider's identity",
              "yes",
              SOCIAL,
              200,
              "`{detail, provider}`; 400 `social_already_linked`"),
          PeerOpenApi.r(
              "post",
              "/login/social/unlink/",
              "Unlink a provider",
              "yes",
              "provider:string!",
              200,
              "`{detail, provider}`; 404 `social_not_found`"),
          PeerOpenApi.r(
              "post",
              "/token/refresh/",
              "A new access token (simplejwt's refresh)",
              "-",
              "refresh:string!",
              200,
              "`{access}` (`{access, refresh}` with rotation); 401 `token_not_valid`"),
          PeerOpenApi.r(
              "post",
              "/token/exchange/",
              "Gatehouse's addition: a legacy token for a session (RFC 8693)",
              "-",
              "grant_type:string! subject_token:string! subject_token_type:string! client:string",
              200,
              "`{refreshToken, accessToken, access_token, refresh_token, issued_token_type,"
                  + " token_type, expires_in}`; 400 `invalid_subject_token`"),
          PeerOpenApi.r(
              "get",
              "/me/",
              "The signed-in user, for a web or mobile client",
              "yes",
              "client?query device_token?query",
              200,
              "web or mobile answer without tokens; 400 without `client`"),
          PeerOpenApi.r(
              "post",
              "/profile/switch/",
              "Act as another profile",
              "yes",
              "profile:integer! client:string! " + DEVICE,
              200,
              "web or mobile answer for that profile; 404"),
          PeerOpenApi.r(
              "patch",
              "/profile/picture/",
              "Set or clear a profile's picture",
              "yes",
              "picture:string! profile:integer",
              200,
              "`{detail, profile_id}`; 400; 503 without a PictureStore"),
          PeerOpenApi.r(
              "get", "/profiles/", "The caller's profiles", "yes", "", 200, "`[profile]`"),
          PeerOpenApi.r(
              "post",
              "/profiles/",
              "Create a profile",
              "yes",
              "role:string label:string settings:object is_active:boolean is_default:boolean"
                  + " first_name:string last_name_1:string last_name_2:string birthday:date"
                  + " gender:string",
              201,
              "profile"),
          PeerOpenApi.r(
              "get",
              "/profiles/{id}/",
              "One of the caller's profiles",
              "yes",
              "",
              200,
              "profile; 404"),
          PeerOpenApi.r(
              "put",
              "/profiles/{id}/",
              "Change a profile (every field optional)",
              "yes",
              "role:string label:string settings:object is_active:boolean is_default:boolean"
                  + " first_name:string last_name_1:string last_name_2:string birthday:date"
                  + " gender:string",
              200,
              "profile; 404"),
          PeerOpenApi.r(
              "patch",
              "/profiles/{id}/",
              "Change some of a profile's fields",
              "yes",
              "role:string label:string settings:object is_active:boolean is_default:boolean"
                  + " first_name:string last_name_1:string last_name_2:string birthday:date"
                  + " gender:string",
              200,
              "profile; 404"),
          PeerOpenApi.r(
              "delete", "/profiles/{id}/", "Delete a profile", "yes", "", 204, "no body; 404"),
          PeerOpenApi.r(
              "put",
              "/account/update/",
              "Change the account (email and username required)",
              "yes",
              "email:string! username:string! phone:string language:string timezone:string",
              200,
              "user"),
          PeerOpenApi.r(
              "patch",
              "/account/update/",
              "Change some of the account's fields",
              "yes",
              "email:string username:string phone:string language:string timezone:string",
              200,
              "user"),
          PeerOpenApi.r(
              "post",
              "/account/email/change/",
              "Gatehouse's addition: send a code to a new email address",
              "yes",
              "email:string! password:string",
              200,
              "`{detail, destination, channel, expires_in}`; nothing changes yet"),
          PeerOpenApi.r(
              "post",
              "/account/email/confirm/",
              "Gatehouse's addition: confirm the new email address with its code",
              "yes",
              "email:string! code:string!",
              200,
              "user; 400, 409, 429"),
          PeerOpenApi.r(
              "post",
              "/account/phone/change/",
              "Gatehouse's addition: send a code by SMS to a new phone number",
              "yes",
              "phone:string! password:string",
              200,
              "`{detail, destination, channel, expires_in}`; nothing changes yet"),
          PeerOpenApi.r(
              "post",
              "/account/phone/confirm/",
              "Gatehouse's addition: confirm the new phone number with its code",
              "yes",
              "phone:string! code:string!",
              200,
              "user; 400, 409, 429"),
          PeerOpenApi.r(
              "delete",
              "/account/delete/",
              "Delete the account",
              "yes",
              "confirmation:boolean!",
              200,
              "`\"Cuenta eliminada correctamente.\"`"),
          PeerOpenApi.r(
              "post",
              "/admin/create-superuser/",
              "The first superuser, while none exists",
              "header `X-Admin-Bootstrap-Token`",
              "email:string! password:string!",
              201,
              "`{detail, id, email, is_superuser, is_staff}`"),
          PeerOpenApi.r(
              "post",
              "/admin/create-staff/",
              "A staff account",
              "yes (a superuser)",
              "email:string! password:string!",
              201,
              "`{detail, id, email, is_superuser, is_staff}`; 403, 409"),
          PeerOpenApi.r(
              "get", "/openapi.json", "This document", "-", "", 200, "the OpenAPI 3.1 document"));

  private JbOpenApiDocument() {}

  /**
   * The document for a base path.
   *
   * @param paths the contract's paths
   * @return the document as maps and lists
   */
  static Map<String, Object> build(ContractPaths paths) {
    return PeerOpenApi.build(
        "Gatehouse HTTP contract: jb-drf-auth",
        "0.1.9",
        "jb-drf-auth 0.1.9's routes (gatehouse.http.contract=jb-drf-auth): bodies as JSON,"
            + " form or multipart; errors in Django REST framework's shapes"
            + " ({\"detail\": ...}, field-keyed lists, non_field_errors).",
        paths.basePath(),
        ROUTES);
  }
}
