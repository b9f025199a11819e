package dev.gatehouse.spring.web.internal.drf;

import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer of the {@code jb-drf-auth} contract in Django REST framework's own error shapes: a
 * {@code {"detail": …}} object, field-keyed lists ({@code {"login": ["This field is required."]}}),
 * a field-keyed plain string where jb-drf-auth raises from a service, or a bare JSON string or
 * list. The body is written as it is given.
 */
public final class DrfException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** DRF's {@code WWW-Authenticate} with simplejwt's {@code JWTAuthentication} first. */
  static final String BEARER_REALM = "Bearer realm=\"api\"";

  private final int status;
  private final transient Object body;
  private final transient Map<String, String> headers;

  DrfException(int status, Object body, Map<String, String> headers) {
    super("HTTP " + status, null, false, false);
    this.status = status;
    this.body = body;
    this.headers = Map.copyOf(headers);
  }

  /** {@code {"detail": detail}} with the status; a 401 announces the bearer realm. */
  public static DrfException detail(int status, String detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", detail);
    return of(status, m);
  }

  /** {@code {"detail": detail, "code": code}}, as simplejwt and jb-drf-auth's social errors. */
  public static DrfException coded(int status, String detail, String code) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detail", detail);
    m.put("code", code);
    return of(status, m);
  }

  /** A 400 with one field's message as a list: DRF's serializer validation. */
  public static DrfException field(String name, String message) {
    return of(400, Map.of(name, List.of(message)));
  }

  /** A 400 with one field's message as a plain string: jb-drf-auth raising from a service. */
  public static DrfException fieldText(String name, String message) {
    return of(400, Map.of(name, message));
  }

  /** A body of any shape, with DRF's headers for the status. */
  public static DrfException of(int status, Object body) {
    return new DrfException(
        status, body, status == 401 ? Map.of("WWW-Authenticate", BEARER_REALM) : Map.of());
  }

  int status() {
    return status;
  }

  Object body() {
    return body;
  }

  Map<String, String> headers() {
    return headers;
  }

  /** The answer: JSON as DRF renders it, never cached. */
  public Reply reply() {
    return Replies.of(status, body, headers);
  }
}
