package dev.gatehouse.spring.web.internal.gatehouse;

import java.util.List;

/**
 * The contract's routes of one concern, in document order: social sign-in: providers, redirect,
 * callback, the single-page hand-off, linking.
 */
final class SocialRoutes {
  static final List<ContractRoutes.Route> ROUTES =
      List.of(
          ContractRoutes.r(
              "get",
              "/login/social/",
              "socialProviders",
              "The registered social sign-in providers",
              false,
              null,
              200,
              "SocialProviders"),
          ContractRoutes.r(
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
          ContractRoutes.r(
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
          ContractRoutes.r(
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
          ContractRoutes.r(
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
          ContractRoutes.r(
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
          ContractRoutes.r(
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
              401,
              409),
          ContractRoutes.r(
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
          ContractRoutes.r(
              "get",
              "/login/social/accounts/",
              "socialAccounts",
              "The signed-in user's linked provider identities",
              true,
              null,
              200,
              "SocialAccounts",
              401));

  private SocialRoutes() {}
}
