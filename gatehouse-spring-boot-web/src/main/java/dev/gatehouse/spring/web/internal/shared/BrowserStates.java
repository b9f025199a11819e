package dev.gatehouse.spring.web.internal.shared;

import dev.gatehouse.core.config.GatehouseConfig;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * What a redirect through a provider (social sign-in, an organisation's own sign-in) needs in the
 * browser: the callback address on the front end's origin, and the state bound to the browser that
 * started it by a cookie holding the state's hash.
 */
public final class BrowserStates {
  private BrowserStates() {}

  /**
   * The callback address: the configured front end's origin, the contract's base path and {@code
   * path}.
   */
  public static URI callback(GatehouseConfig config, ContractPaths paths, String path) {
    URI front = config.get(GatehouseConfig.FRONTEND_URL);
    String origin =
        front.getScheme()
            + "://"
            + front.getHost()
            + (front.getPort() < 0 ? "" : ":" + front.getPort());
    return URI.create(origin + paths.basePath() + path);
  }

  /** The value of the request's cookie {@code name}, or {@code null}. */
  public static @Nullable String cookie(HttpServletRequest request, String name) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      if (name.equals(c.getName())) {
        return c.getValue();
      }
    }
    return null;
  }

  /** The hex SHA-256 of a state, which the browser's cookie holds instead of the state. */
  public static String hash(String state) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
