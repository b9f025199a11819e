package dev.gatehouse.spring.web.internal.fastapiusers;

import dev.gatehouse.core.session.UserView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The bodies of the {@code fastapi-users} contract, field for field as FastAPI-Users answers them:
 * its {@code BaseUser} schema ({@code UserRead}) and the bearer transport's login answer.
 */
final class FuShapes {
  private FuShapes() {}

  /**
   * FastAPI-Users' {@code UserRead}: {@code id}, {@code email}, {@code is_active}, {@code
   * is_superuser}, {@code is_verified}, in its schema's order.
   *
   * @param u the user
   * @return the body
   */
  static Map<String, Object> user(UserView u) {
    return user(u.id(), u.email(), u.active(), u.superuser(), u.verified());
  }

  static Map<String, Object> user(
      UUID id, String email, boolean active, boolean superuser, boolean verified) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id.toString());
    m.put("email", email);
    m.put("is_active", active);
    m.put("is_superuser", superuser);
    m.put("is_verified", verified);
    return m;
  }

  /**
   * The {@code BearerTransport}'s login answer, {@code {"access_token": …, "token_type":
   * "bearer"}}: Gatehouse's access token alone (FastAPI-Users' clients have no refresh token).
   *
   * @param accessToken the access token
   * @return the body
   */
  static Map<String, Object> bearer(String accessToken) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("access_token", accessToken);
    m.put("token_type", "bearer");
    return m;
  }
}
