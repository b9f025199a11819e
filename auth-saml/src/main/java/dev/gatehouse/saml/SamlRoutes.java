package dev.gatehouse.saml;

import static dev.gatehouse.core.module.ModuleRoute.Access.PUBLIC;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.ModuleRoute.Answer;
import dev.gatehouse.core.module.ModuleRoute.Request;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.SignInResult.SecondStepRequired;
import dev.gatehouse.core.session.SignInResult.SignedIn;
import dev.gatehouse.saml.SamlSignIn.SamlRedirect;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The module's HTTP routes, declared in its manifest and served by Gatehouse's web module under the
 * contract's base path, which {@link SamlSettings#SERVICE_PROVIDER_URL} names publicly: the
 * organisation's service provider metadata, the email-first start, and the assertion consumer
 * service. The web module reads JSON bodies: a host's page (or its front end) posts the provider's
 * form fields {@code SAMLResponse} as {@code saml_response}, with the {@code request_id} the start
 * answered, which it kept with the browser.
 */
final class SamlRoutes {
  private SamlRoutes() {}

  static final List<ModuleRoute<SamlSignIn>> ROUTES =
      List.of(
          ModuleRoute.get(
              "/saml/{organization}/metadata/",
              PUBLIC,
              "The organisation's SAML service provider metadata, for its identity provider",
              SamlSignIn.class,
              (saml, request) ->
                  Answer.ok(
                      Map.of("metadata", saml.serviceProviderMetadata(organization(request))))),
          ModuleRoute.post(
              "/saml/start/",
              PUBLIC,
              "Start an organisation's SAML sign-in by the address's domain; answers where to send"
                  + " the browser and the request id to keep with it",
              SamlSignIn.class,
              SamlRoutes::start),
          ModuleRoute.post(
              "/saml/{organization}/acs/",
              PUBLIC,
              "The organisation's assertion consumer service: signs in with the identity"
                  + " provider's response; answered as a login",
              SamlSignIn.class,
              SamlRoutes::complete));

  private static Answer start(SamlSignIn saml, Request request) {
    SamlRedirect r = saml.start(text(request, "email"), request.client());
    return Answer.ok(
        Map.of("redirect_url", r.redirectUri().toString(), "request_id", r.requestId()));
  }

  private static Answer complete(SamlSignIn saml, Request request) {
    Object requestId = request.body().get("request_id");
    SignInResult result =
        saml.complete(
            organization(request),
            text(request, "saml_response"),
            requestId instanceof String s ? s : null,
            request.client());
    Map<String, Object> body = new LinkedHashMap<>();
    if (result instanceof SignedIn in) {
      body.put("token_type", "Bearer");
      body.put("access", in.tokens().accessToken());
      body.put("refresh", in.tokens().refreshToken());
      body.put("expires_at", in.tokens().accessTokenExpiresAt().toString());
      body.put("user_id", in.userId().toString());
      return Answer.ok(body);
    }
    if (result instanceof SecondStepRequired step) {
      // The account's second step, answered with the challenge the second-step routes take.
      body.put("mfa_required", true);
      body.put("challenge", step.challenge().token());
      body.put("expires_at", step.challenge().expiresAt().toString());
      body.put("methods", step.challenge().methods());
      return Answer.ok(body);
    }
    throw new RejectedInputException(
        ErrorCode.LINK_REQUIRED, "the organisation's sign-in does not link identities");
  }

  private static UUID organization(Request request) {
    try {
      return UUID.fromString(request.pathVariables().getOrDefault("organization", ""));
    } catch (IllegalArgumentException e) {
      throw DefaultSamlSignIn.noSignIn();
    }
  }

  /** A member of the body as text; anything else as the empty text, which the service refuses. */
  private static String text(Request request, String member) {
    return request.body().get(member) instanceof String s ? s : "";
  }
}
