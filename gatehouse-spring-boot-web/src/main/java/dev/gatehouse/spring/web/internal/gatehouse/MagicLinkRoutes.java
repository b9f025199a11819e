package dev.gatehouse.spring.web.internal.gatehouse;

import dev.gatehouse.spring.web.internal.modules.MagicLinkController;
import java.util.List;

/** The contract's routes of sign-in by emailed link, in document order. */
final class MagicLinkRoutes {
  /** The routes of {@link MagicLinkController}, in document order. */
  static final List<ContractRoutes.Route> ROUTES =
      List.of(
          ContractRoutes.r(
              "post",
              "/magic-link/request/",
              "requestMagicLink",
              "Email a sign-in link and its code; the same answer for every address",
              false,
              "EmailOnly",
              200,
              "Detail",
              400,
              403,
              429),
          ContractRoutes.r(
              "post",
              "/magic-link/sign-in/",
              "signInWithMagicLink",
              "Sign in with the token of an emailed link",
              false,
              "MagicLinkSignIn",
              200,
              "LoginAnswer",
              400,
              403,
              429),
          ContractRoutes.r(
              "post",
              "/magic-link/code/",
              "signInWithMagicLinkCode",
              "Sign in with the code of an emailed link, on any device",
              false,
              "MagicLinkCode",
              200,
              "LoginAnswer",
              400,
              403,
              429));

  private MagicLinkRoutes() {}
}
