package dev.gatehouse.saml;

import static dev.gatehouse.core.module.ModuleRoute.Access.PUBLIC;

import dev.gatehouse.core.module.Answer;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.Request;
import dev.gatehouse.saml.SamlSignIn.SamlRedirect;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The module's HTTP routes, declared in its manifest and served by Gatehouse's web module under the
 * contract's base path, which {@link SamlSettings#SERVICE_PROVIDER_URL} names publicly: the
 * organisation's service provider metadata, the email-first start, and the assertion consumer
 * service, a form route that takes the provider's HTTP-POST binding as the browser posts it ({@code
 * SAMLResponse}), with the request id the browser kept in the cookie {@link
 * SamlSignIn#REQUEST_COOKIE}, and answers a sign-in (the browser lands in the host's session); and
 * the single logout service, which takes the provider's signed logout request by HTTP-Redirect.
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
          ModuleRoute.form(
              "/saml/{organization}/acs/",
              PUBLIC,
              "The organisation's assertion consumer service: signs in with the identity"
                  + " provider's posted response (HTTP-POST binding)",
              SamlSignIn.class,
              SamlRoutes::complete),
          ModuleRoute.get(
              "/saml/{organization}/slo/",
              PUBLIC,
              "The organisation's single logout service: the identity provider's signed logout"
                  + " request (HTTP-Redirect binding) ends the sessions it began; answered with a"
                  + " redirect to the provider",
              SamlSignIn.class,
              (saml, request) ->
                  Answer.seeOther(
                      saml.logout(organization(request), request.query(), request.client()))));

  private static Answer start(SamlSignIn saml, Request request) {
    SamlRedirect r = saml.start(text(request, "email"), request.client());
    return Answer.ok(
        Map.of("redirect_url", r.redirectUri().toString(), "request_id", r.requestId()));
  }

  private static Answer complete(SamlSignIn saml, Request request) {
    return Answer.signIn(
        saml.complete(
            organization(request),
            text(request, "SAMLResponse"),
            request.cookies().get(SamlSignIn.REQUEST_COOKIE),
            request.client()));
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
