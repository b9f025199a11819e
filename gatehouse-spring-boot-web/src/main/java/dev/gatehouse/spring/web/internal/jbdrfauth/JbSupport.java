package dev.gatehouse.spring.web.internal.jbdrfauth;

import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.DeviceService.DeviceInfo;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.spring.web.internal.drf.DrfException;
import dev.gatehouse.spring.web.internal.drf.DrfForm;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.Reply;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.http.HttpHeaders;

/**
 * What the {@code jb-drf-auth} contract's controllers share: its client kinds, the client (and
 * mobile device) of a sign-in, and the login answer in jb-drf-auth's web or mobile shape.
 */
public final class JbSupport {
  /** The controllers of the contract: their errors answer in DRF's shapes. */
  public static final List<Class<?>> CONTROLLERS =
      List.of(
          JbDrfAuthController.class,
          JbProfileController.class,
          JbPictureController.class,
          JbSocialController.class,
          JbContactController.class);

  static final List<String> CLIENTS =
      List.of(SessionService.CLIENT_WEB, SessionService.CLIENT_MOBILE);
  static final String DEVICE_REQUIRED = "Datos del dispositivo requeridos para cliente movil.";
  static final String NOTIFICATION_TOKEN_REQUIRED =
      "notification_token es requerido para cliente movil.";

  private JbSupport() {}

  /**
   * A user's id as jb-drf-auth's clients see it: the integer they knew the user by ({@code
   * gatehouse.token.integer-user-ids}, which the starter turns on for this contract), else the
   * public id. Only shown: every route finds its caller by the token's subject, the public id.
   */
  static Object userId(ContractSupport support, UUID user) {
    OptionalLong integer = support.gatehouse().profiles().integerId(user);
    return integer.isPresent() ? (Object) integer.getAsLong() : user.toString();
  }

  /** The login answer of jb-drf-auth for a sign-in: web or mobile shape, with tokens. */
  static Reply loginAnswer(ContractSupport support, String client, SignInResult.SignedIn in) {
    return Replies.ok(loginBody(support, client, in));
  }

  /** The body of {@link #loginAnswer(ContractSupport, String, SignInResult.SignedIn)}. */
  static Map<String, Object> loginBody(
      ContractSupport support, String client, SignInResult.SignedIn in) {
    return loginBody(support, client, in.account(), in.tokens());
  }

  /** The login answer for tokens that did not come from a sign-in (a profile switch). */
  static Reply loginAnswer(ContractSupport support, String client, TokenPair pair) {
    return Replies.ok(loginBody(support, client, support.account(pair), pair));
  }

  private static Map<String, Object> loginBody(
      ContractSupport support, String client, Me me, TokenPair pair) {
    return SessionService.CLIENT_MOBILE.equals(client)
        ? JbShapes.mobile(me, me.currentProfile(), pair, userId(support, me.user().id()))
        : JbShapes.web(me, me.currentProfile(), pair);
  }

  /**
   * The client of a sign-in. A mobile one must bring a device with a notification token, as in
   * jb-drf-auth (checked before the sign-in, so a refused request starts no session); the web
   * ignores the device. A device without {@code token} is identified by its notification token
   * (jb-drf-auth would add a new device row at every such sign-in).
   *
   * @param listErrors whether device errors come as lists (raised in a serializer) or strings
   */
  static ClientInfo client(
      HttpServletRequest request, String client, DrfForm device, boolean listErrors) {
    DeviceInfo info = null;
    if (SessionService.CLIENT_MOBILE.equals(client)) {
      String problem = null;
      String platform = null;
      String name = null;
      String token = null;
      String notification = null;
      if (device == null) {
        problem = DEVICE_REQUIRED;
      } else {
        platform = device.chars("platform", false, true, 32);
        name = device.chars("name", false, true, 255);
        token = device.chars("token", false, true, 255);
        notification = device.chars("notification_token", false, true, 500);
        if (!device.valid()) {
          throw DrfException.of(400, Map.of("device", DrfForm.messages(device.errors())));
        }
        if (notification == null || notification.isEmpty()) {
          problem =
              device.has("platform") || device.has("token") || device.has("name")
                  ? NOTIFICATION_TOKEN_REQUIRED
                  : DEVICE_REQUIRED;
        }
      }
      if (problem != null) {
        throw listErrors
            ? DrfException.field("device", problem)
            : DrfException.fieldText("device", problem);
      }
      info =
          new DeviceInfo(
              token == null || token.isEmpty() ? "nt:" + digest(notification) : token,
              platform == null && !device.has("platform") ? "Unknown Platform" : platform,
              name == null && !device.has("name") ? "Unknown Device" : name,
              notification);
    }
    return new ClientInfo(
        client, request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT), info);
  }

  /** A stable device token for a notification token: SHA-256, base64url, 43 characters. */
  private static String digest(String value) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
