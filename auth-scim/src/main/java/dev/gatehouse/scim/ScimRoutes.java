package dev.gatehouse.scim;

import static dev.gatehouse.core.module.ModuleRoute.Access.SIGNED_IN;

import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.module.Answer;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.Request;
import dev.gatehouse.organizations.OrganizationErrors;
import dev.gatehouse.scim.ScimDirectory.IssuedToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The module's routes on the contract: an organisation's owners (or staff) issue, read and revoke
 * its directory token. The SCIM endpoints themselves are {@link ScimDirectory#handle}'s.
 */
final class ScimRoutes {
  private ScimRoutes() {}

  /** The issued token, shown once. */
  record Issued(String token, Instant issuedAt) {}

  /** The token's state, without its secret. */
  record State(boolean issued, @Nullable Instant issuedAt, @Nullable Instant lastUsedAt) {}

  private static final String PATH = "/organizations/{organization}/scim-token/";

  static final List<ModuleRoute<ScimDirectory>> ROUTES =
      List.of(
          ModuleRoute.post(
                  PATH,
                  SIGNED_IN,
                  "Issue the organisation's SCIM directory token (replacing its last); shown once",
                  ScimDirectory.class,
                  Map.class,
                  Issued.class,
                  (scim, body, request) -> {
                    IssuedToken t = scim.issueToken(request.caller().orElseThrow(), org(request));
                    return Answer.created(new Issued(t.token(), t.issuedAt()));
                  })
              .answering(201)
              .refusing(400, 401, 403, 404),
          ModuleRoute.get(
                  PATH,
                  SIGNED_IN,
                  "The state of the organisation's SCIM directory token: issued when, last used",
                  ScimDirectory.class,
                  State.class,
                  (scim, body, request) ->
                      Answer.ok(
                          scim.tokenState(request.caller().orElseThrow(), org(request))
                              .map(s -> new State(true, s.issuedAt(), s.lastUsedAt()))
                              .orElse(new State(false, null, null))))
              .refusing(400, 401, 403, 404),
          ModuleRoute.delete(
                  PATH,
                  SIGNED_IN,
                  "Revoke the organisation's SCIM directory token",
                  ScimDirectory.class,
                  Map.class,
                  (scim, body, request) -> {
                    if (!scim.revokeToken(request.caller().orElseThrow(), org(request))) {
                      throw new NotFoundException(ScimErrors.SCIM_TOKEN_NOT_FOUND);
                    }
                    return Answer.noContent();
                  })
              .answering(204)
              .refusing(400, 401, 403, 404));

  private static UUID org(Request request) {
    try {
      return UUID.fromString(request.pathVariables().getOrDefault("organization", ""));
    } catch (IllegalArgumentException e) {
      throw new NotFoundException(OrganizationErrors.ORGANIZATION_NOT_FOUND);
    }
  }
}
