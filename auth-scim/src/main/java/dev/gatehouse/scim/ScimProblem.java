package dev.gatehouse.scim;

import org.jspecify.annotations.Nullable;

/**
 * A refusal answered in SCIM's error schema: its status, its {@code scimType} (RFC 7644 §3.12) and
 * a sentence. Thrown inside a request's transaction, which it rolls back.
 */
final class ScimProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final @Nullable String scimType;

  private ScimProblem(int status, @Nullable String scimType, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.scimType = scimType;
  }

  static ScimProblem badRequest(String scimType, String detail) {
    return new ScimProblem(400, scimType, detail);
  }

  static ScimProblem invalidFilter(String detail) {
    return badRequest("invalidFilter", detail);
  }

  static ScimProblem invalidValue(String detail) {
    return badRequest("invalidValue", detail);
  }

  static ScimProblem unauthorized() {
    return new ScimProblem(401, null, "a valid directory token of this organisation is required");
  }

  static ScimProblem notFound(String detail) {
    return new ScimProblem(404, null, detail);
  }

  static ScimProblem uniqueness(String detail) {
    return new ScimProblem(409, "uniqueness", detail);
  }

  static ScimProblem tooMany() {
    return new ScimProblem(429, null, "too many requests; try again later");
  }

  static ScimProblem methodNotAllowed() {
    return new ScimProblem(405, null, "the endpoint does not take this method");
  }
}
