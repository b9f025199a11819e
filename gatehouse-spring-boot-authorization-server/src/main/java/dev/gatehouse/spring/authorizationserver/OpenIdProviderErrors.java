package dev.gatehouse.spring.authorizationserver;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.ErrorCode.Kind;

/**
 * The error codes only the OpenID provider's staff routes and pages answer ({@link
 * OpenIdClientAdmin}), listed in its manifest ({@link OpenIdProvider#manifest()}), so they join
 * Gatehouse's one catalogue ({@code Gatehouse#errorCodes()}) when the module is installed.
 */
public final class OpenIdProviderErrors {
  private OpenIdProviderErrors() {}

  /** No client of that id is registered ({@code gatehouse-spring-boot-authorization-server}). */
  public static final ErrorCode OPENID_CLIENT_NOT_FOUND =
      ErrorCode.of("openid_client_not_found", Kind.NOT_FOUND, "No client of that id.");

  /**
   * A client's description is not one the provider takes: an id, name, kind, redirect URI or scope
   * out of its bounds, a kind changed, a secret asked of a public client ({@code
   * gatehouse-spring-boot-authorization-server}).
   */
  public static final ErrorCode INVALID_OPENID_CLIENT =
      ErrorCode.of(
          "invalid_openid_client",
          Kind.REJECTED_INPUT,
          "The client's description is not valid; the detail says which part.");

  /**
   * A client of that id is registered already ({@code gatehouse-spring-boot-authorization-server}).
   */
  public static final ErrorCode OPENID_CLIENT_EXISTS =
      ErrorCode.of(
          "openid_client_exists", Kind.CONFLICT, "A client of that id is registered already.");
}
