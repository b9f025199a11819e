package dev.gatehouse.spring.web.internal.gatehouse;

import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every route of the contract: the one list {@link OpenApiDocument} renders and a test checks
 * against the controllers' mappings, gathered from the lists of each concern ({@link
 * AccountRoutes}, {@link SocialRoutes}, {@link SecondFactorRoutes}, {@link OrganizationRoutes},
 * {@link OrganizationSignInRoutes}, {@link SessionRoutes}).
 */
public final class ContractRoutes {
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

  static Route r(
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
      Stream.of(
              AccountRoutes.ROUTES,
              SocialRoutes.ROUTES,
              SecondFactorRoutes.ROUTES,
              OrganizationRoutes.ROUTES,
              OrganizationSignInRoutes.ROUTES,
              SessionRoutes.ROUTES,
              AdminRoutes.ROUTES)
          .flatMap(List::stream)
          .toList();

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

  private ContractRoutes() {}
}
