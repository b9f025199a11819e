package dev.gatehouse.spring.web.internal.simplejwt;

import dev.gatehouse.spring.web.internal.shared.PeerOpenApi;
import java.util.List;

/**
 * The routes of djangorestframework-simplejwt's four token views, the one list from which {@code
 * docs/HTTP.md}'s table of them is generated; a test checks it against {@link
 * SimpleJwtController}'s mappings. (No document is served under the views' base path: it holds
 * exactly the four views.)
 */
final class SimpleJwtOpenApiDocument {
  private SimpleJwtOpenApiDocument() {}

  /** The four views. */
  static final List<PeerOpenApi.Route> ROUTES =
      List.of(
          PeerOpenApi.r(
              "post",
              "/",
              "Obtain a pair (TokenObtainPairView)",
              "-",
              "username:string! email:string password:string!",
              200,
              "`{\"refresh\", \"access\"}`; 401 `{\"detail\": \"No active account found with the"
                  + " given credentials\"}`"),
          PeerOpenApi.r(
              "post",
              "/refresh/",
              "A new access token (TokenRefreshView)",
              "-",
              "refresh:string!",
              200,
              "`{\"access\"}`, the same refresh token stays valid (`{\"access\", \"refresh\"}`"
                  + " with `rotate-refresh-tokens`); 401 `token_not_valid`"),
          PeerOpenApi.r(
              "post",
              "/verify/",
              "Check an access token (TokenVerifyView)",
              "-",
              "token:string!",
              200,
              "`{}`; 401 `token_not_valid`"),
          PeerOpenApi.r(
              "post",
              "/blacklist/",
              "End the refresh token's session",
              "-",
              "refresh:string!",
              200,
              "`{}` and the token's session ends; 401 `token_not_valid`"));
}
