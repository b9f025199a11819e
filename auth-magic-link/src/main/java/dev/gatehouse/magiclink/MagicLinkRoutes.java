package dev.gatehouse.magiclink;

import static dev.gatehouse.core.module.ModuleRoute.Access.PUBLIC;

import dev.gatehouse.core.module.Answer;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.ModuleRoute.Detail;
import dev.gatehouse.core.session.SignInResult;
import java.util.List;

/**
 * Sign-in by emailed link over JSON, declared in the module's manifest and served by the web module
 * under the contract's base path: a link asked for here has no browser binding, so it works on any
 * device (an app opens it, or the user types its code). A sign-in answers as the other sign-ins do:
 * the login answer, or the second step.
 */
final class MagicLinkRoutes {
  /** What every request for a link is answered, whether or not the address can sign in. */
  static final String REQUESTED = "If this address can sign in, a link is on its way.";

  /**
   * A request for a link.
   *
   * @param email the address
   */
  record EmailOnly(String email) {}

  /**
   * A sign-in with the token of an emailed link.
   *
   * @param token the link's token
   */
  record MagicLinkSignIn(String token) {}

  /**
   * A sign-in with the code of an emailed link.
   *
   * @param email the address the link went to
   * @param code the code
   */
  record MagicLinkCode(String email, String code) {}

  /** The routes, in the order the OpenAPI document lists them. */
  static final List<ModuleRoute<MagicLinkService>> ROUTES =
      List.of(
          ModuleRoute.post(
                  "/magic-link/request/",
                  PUBLIC,
                  "Email a sign-in link and its code; the same answer for every address",
                  MagicLinkService.class,
                  EmailOnly.class,
                  Detail.class,
                  (links, body, request) -> {
                    links.requestLink(body.email(), null, request.client());
                    return Answer.ok(new Detail(REQUESTED));
                  })
              .named("requestMagicLink")
              .refusing(400, 403, 429),
          ModuleRoute.post(
                  "/magic-link/sign-in/",
                  PUBLIC,
                  "Sign in with the token of an emailed link",
                  MagicLinkService.class,
                  MagicLinkSignIn.class,
                  SignInResult.class,
                  (links, body, request) ->
                      Answer.signIn(links.signInWithLink(body.token(), null, request.client())))
              .named("signInWithMagicLink")
              .refusing(400, 403, 429),
          ModuleRoute.post(
                  "/magic-link/code/",
                  PUBLIC,
                  "Sign in with the code of an emailed link, on any device",
                  MagicLinkService.class,
                  MagicLinkCode.class,
                  SignInResult.class,
                  (links, body, request) ->
                      Answer.signIn(
                          links.signInWithCode(body.email(), body.code(), request.client())))
              .named("signInWithMagicLinkCode")
              .refusing(400, 403, 429));

  private MagicLinkRoutes() {}
}
