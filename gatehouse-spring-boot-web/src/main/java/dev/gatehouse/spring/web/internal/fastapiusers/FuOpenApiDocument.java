package dev.gatehouse.spring.web.internal.fastapiusers;

import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.PeerOpenApi;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.1 description of the {@code fastapi-users} contract, built from {@link #routes}
 * (the one list of its routes; a test checks it against {@link FastApiUsersController}'s mappings)
 * and served at {@code {base}/openapi.json} under that contract. {@code docs/HTTP.md}'s route table
 * of the contract is {@link PeerOpenApi#markdownTable} of it with the default paths.
 */
final class FuOpenApiDocument {
  private FuOpenApiDocument() {}

  /**
   * The contract's routes.
   *
   * @param base the base path ({@code /auth} by default)
   * @param authPath where the auth router sits under the base path ({@code /jwt} by default)
   * @param usersPath where the users router sits from the root ({@code /users} by default)
   * @return the routes with their whole paths, in the order the document lists them
   */
  static List<PeerOpenApi.Route> routes(String base, String authPath, String usersPath) {
    String ignored = " is_active:boolean is_superuser:boolean is_verified:boolean";
    return List.of(
        PeerOpenApi.r(
            "post",
            base + authPath + "/login",
            "Sign in (OAuth2PasswordRequestForm)",
            "-",
            "username:string! password:string! grant_type:string scope:string client_id:string"
                + " client_secret:string",
            200,
            "`{access_token, token_type: \"bearer\"}`; 400 `LOGIN_BAD_CREDENTIALS`,"
                + " `LOGIN_USER_NOT_VERIFIED`; 422",
            PeerOpenApi.FORM),
        PeerOpenApi.r(
            "post",
            base + authPath + "/logout",
            "End the token's session",
            "yes",
            "",
            204,
            "no body; 401",
            PeerOpenApi.JSON),
        PeerOpenApi.r(
            "post",
            base + "/token/exchange",
            "Gatehouse's addition: a legacy token for a session (RFC 8693)",
            "-",
            "grant_type:string! subject_token:string! subject_token_type:string! client:string",
            200,
            "`{access_token, token_type: \"bearer\", refresh_token, issued_token_type,"
                + " expires_in}`; 400 `{code: INVALID_SUBJECT_TOKEN, reason}`",
            PeerOpenApi.FORM_OR_JSON),
        PeerOpenApi.r(
            "post",
            base + "/register",
            "Sign up; the same answer for a taken address",
            "-",
            "email:string! password:string!" + ignored,
            201,
            "`UserRead`; 400 `{code: REGISTER_INVALID_PASSWORD, reason}`; 422; 429 per network",
            PeerOpenApi.JSON),
        PeerOpenApi.r(
            "post",
            base + "/forgot-password",
            "Email a reset link",
            "-",
            "email:string!",
            202,
            "`null`, for every address; 429 per network",
            PeerOpenApi.JSON),
        PeerOpenApi.r(
            "post",
            base + "/reset-password",
            "Set a new password with the emailed token",
            "-",
            "token:string! password:string!",
            200,
            "`null`; 400 `RESET_PASSWORD_BAD_TOKEN`, `{code: RESET_PASSWORD_INVALID_PASSWORD,"
                + " reason}`; 422",
            PeerOpenApi.JSON),
        PeerOpenApi.r(
            "post",
            base + "/request-verify-token",
            "Email a new confirmation link",
            "-",
            "email:string!",
            202,
            "`null`, for every address; 429 per network",
            PeerOpenApi.JSON),
        PeerOpenApi.r(
            "post",
            base + "/verify",
            "Confirm the email with the emailed token",
            "-",
            "token:string!",
            200,
            "`UserRead`; 400 `VERIFY_USER_BAD_TOKEN`; 422",
            PeerOpenApi.JSON),
        PeerOpenApi.r(
            "get",
            usersPath + "/me",
            "The signed-in user",
            "yes",
            "",
            200,
            "`UserRead`; 401",
            PeerOpenApi.JSON),
        PeerOpenApi.r(
            "patch",
            usersPath + "/me",
            "Change the signed-in user",
            "yes",
            "password:string email:string" + ignored,
            200,
            "`UserRead` (a new `email` with `is_verified: false`: a code went to it, and the"
                + " address changes once `me/email/confirm` gets the code); 400 `{code:"
                + " UPDATE_USER_INVALID_PASSWORD, reason}`, `{code:"
                + " UPDATE_USER_EMAIL_CHANGE_NOT_ALLOWED, reason}` (sign in again); 401; 422",
            PeerOpenApi.JSON),
        PeerOpenApi.r(
            "post",
            usersPath + "/me/email/confirm",
            "Gatehouse's addition: confirm a new email address with its code",
            "yes",
            "email:string! code:string!",
            200,
            "`UserRead`; 400 `INVALID_CODE`; 401; 409; 422; 429",
            PeerOpenApi.JSON),
        PeerOpenApi.r(
            "post",
            usersPath + "/me/phone/change",
            "Gatehouse's addition: send a code by SMS to a new phone number",
            "yes",
            "phone:string! password:string",
            200,
            "`{detail, destination, channel, expires_in}`; nothing changes yet; 401; 403; 422",
            PeerOpenApi.JSON),
        PeerOpenApi.r(
            "post",
            usersPath + "/me/phone/confirm",
            "Gatehouse's addition: confirm a new phone number with its code",
            "yes",
            "phone:string! code:string!",
            200,
            "`UserRead`; 400 `INVALID_CODE`; 401; 409; 422; 429",
            PeerOpenApi.JSON),
        PeerOpenApi.r(
            "get",
            usersPath + "/{id}",
            "A user, for a superuser",
            "a superuser's",
            "id?path:string",
            200,
            "`UserRead`; 401, 403, 404",
            PeerOpenApi.JSON),
        PeerOpenApi.r(
            "patch",
            usersPath + "/{id}",
            "Update a user, for a superuser (with auth-admin)",
            "a superuser's",
            "id?path:string is_active:boolean password:string email:string is_superuser:boolean"
                + " is_verified:boolean",
            200,
            "`UserRead`; 400 `UPDATE_USER_EMAIL_ALREADY_EXISTS` or `{code:"
                + " UPDATE_USER_INVALID_PASSWORD, reason}`; 401, 403, 404; 422",
            PeerOpenApi.JSON),
        PeerOpenApi.r(
            "delete",
            usersPath + "/{id}",
            "Delete a user, for a superuser (with auth-admin)",
            "a superuser's",
            "id?path:string",
            204,
            "no content; 401, 403, 404",
            PeerOpenApi.JSON),
        PeerOpenApi.r(
            "get",
            base + "/openapi.json",
            "This document",
            "-",
            "",
            200,
            "the OpenAPI 3.1 document",
            PeerOpenApi.JSON));
  }

  /**
   * The document for a base path and the routers' sub-paths.
   *
   * @param paths the contract's paths
   * @param authPath the auth router's sub-path
   * @param usersPath the users router's path from the root
   * @return the document as maps and lists
   */
  static Map<String, Object> build(ContractPaths paths, String authPath, String usersPath) {
    return PeerOpenApi.build(
        "Gatehouse HTTP contract: fastapi-users",
        "14",
        "FastAPI-Users' routers (gatehouse.http.contract=fastapi-users): the bearer transport's"
            + " login and logout, register, reset-password, verify and users; errors as FastAPI's"
            + " {\"detail\": ...}.",
        "",
        routes(paths.basePath(), authPath, usersPath));
  }
}
