package dev.gatehouse.scim;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a {@link ScimRequest}, sent with the content type {@value #CONTENT_TYPE}: a
 * resource, a list, or SCIM's error ({@code urn:ietf:params:scim:api:messages:2.0:Error}) with its
 * status.
 *
 * @param status the HTTP status
 * @param body the JSON body, empty for 204
 * @param location a created resource's path under the base path (for {@code Location}), or {@code
 *     null}
 */
public record ScimResponse(int status, String body, @Nullable String location) {
  /** The content type of every answer with a body. */
  public static final String CONTENT_TYPE = "application/scim+json";

  /**
   * Checks the parts.
   *
   * @param status see the record description
   * @param body see the record description
   * @param location see the record description
   */
  public ScimResponse {
    requireNonNull(body, "body");
  }

  /** Without the body, which holds personal data. */
  @Override
  public String toString() {
    return "ScimResponse[" + status + "]";
  }
}
