package dev.gatehouse.scim;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.session.ClientInfo;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One SCIM request as the host's HTTP layer received it under the base path it serves the module at
 * ({@code /scim/v2/}).
 *
 * @param method the HTTP method, upper case
 * @param path the path under the base path: the organisation's id, then the endpoint, e.g. {@code
 *     /0b6b.../Users/5f1e...}
 * @param query the query's parameters (the first value of each), decoded
 * @param authorization the {@code Authorization} header, or {@code null}
 * @param body the request's body as text (empty without one)
 * @param client the client, its address through the host's proxy rule
 */
public record ScimRequest(
    String method,
    String path,
    Map<String, String> query,
    @Nullable String authorization,
    String body,
    ClientInfo client) {
  /**
   * Copies the query.
   *
   * @param method see the record description
   * @param path see the record description
   * @param query see the record description
   * @param authorization see the record description
   * @param body see the record description
   * @param client see the record description
   */
  public ScimRequest {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    query = Map.copyOf(requireNonNull(query, "query"));
    requireNonNull(body, "body");
    requireNonNull(client, "client");
  }

  /** Without the token and the body, which hold a secret and personal data. */
  @Override
  public String toString() {
    return "ScimRequest[" + method + " " + path + "]";
  }
}
