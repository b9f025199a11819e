package dev.gatehouse.spring.web.internal;

import dev.gatehouse.core.session.DeviceView;
import dev.gatehouse.core.session.Me;
import dev.gatehouse.core.session.ProfileInput;
import dev.gatehouse.core.session.SessionView;
import dev.gatehouse.core.token.VerifiedAccessToken;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Token, session, profile and device routes. */
@RestController
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class SessionController {
  private final ContractSupport support;

  SessionController(ContractSupport support) {
    this.support = support;
  }

  /** Takes {@code refresh}, as simplejwt and jb-drf-auth clients send it. */
  @PostMapping("/token/refresh/")
  ResponseEntity<byte[]> refresh(HttpServletRequest request) {
    JsonBody b = ContractJson.read(request);
    String refresh = b.string("refresh");
    String kind = ContractSupport.clientKind(b.optionalString("client"));
    return support.tokens(
        support.gatehouse().sessions().refresh(refresh, ContractSupport.client(request, kind)));
  }

  /** With an access token: ends its session. Without one: ends the session of {@code refresh}. */
  @PostMapping("/logout/")
  ResponseEntity<byte[]> logout(HttpServletRequest request) {
    String refresh = ContractJson.read(request).optionalString("refresh");
    if (Caller.bearer(request) == null && refresh != null) {
      support.gatehouse().sessions().logoutWithRefreshToken(refresh);
    } else {
      Caller c = support.caller(request);
      support.gatehouse().sessions().logout(c.user(), c.sessionId());
    }
    return ContractSupport.detail("logged out");
  }

  @PostMapping("/logout/all/")
  ResponseEntity<byte[]> logoutAll(HttpServletRequest request) {
    int n = support.gatehouse().sessions().logoutAll(support.liveCaller(request).userPublicId());
    return ContractSupport.detail("logged out everywhere", "sessions", n);
  }

  @GetMapping("/sessions/")
  ResponseEntity<byte[]> sessions(HttpServletRequest request) {
    VerifiedAccessToken c = support.liveCaller(request);
    List<SessionView> list =
        support.gatehouse().sessions().listSessions(c.userPublicId(), c.sessionId());
    return Replies.ok(list.stream().map(Shapes::session).toList());
  }

  @PostMapping("/sessions/revoke/")
  ResponseEntity<byte[]> revokeSession(HttpServletRequest request) {
    VerifiedAccessToken c = support.liveCaller(request);
    String sessionId = ContractJson.read(request).string("session_id");
    support.gatehouse().sessions().revokeSession(c.userPublicId(), sessionId);
    return ContractSupport.detail("session revoked");
  }

  @PostMapping("/sessions/revoke-others/")
  ResponseEntity<byte[]> revokeOthers(HttpServletRequest request) {
    VerifiedAccessToken c = support.liveCaller(request);
    int n = support.gatehouse().sessions().revokeOthers(c.userPublicId(), c.sessionId());
    return ContractSupport.detail("other sessions revoked", "sessions", n);
  }

  /** {@code client} is accepted for jb-drf-auth clients; the shape is the same for both. */
  @GetMapping("/me/")
  ResponseEntity<byte[]> me(
      HttpServletRequest request, @RequestParam(name = "client", required = false) String client) {
    Caller c = support.caller(request);
    ContractSupport.clientKind(client);
    Me me = support.gatehouse().profiles().me(c.user(), c.profileId());
    return Replies.ok(Shapes.me(me));
  }

  @GetMapping("/profiles/")
  ResponseEntity<byte[]> profiles(HttpServletRequest request) {
    return Replies.ok(
        Shapes.profiles(support.gatehouse().profiles().list(support.caller(request).user())));
  }

  private static ProfileInput profileInput(JsonBody b) {
    Boolean makeDefault = b.optionalBoolean("is_default");
    return new ProfileInput(
        b.optionalString("role"),
        b.optionalString("label"),
        b.optionalObjectText("settings"),
        b.optionalBoolean("is_active"),
        makeDefault != null && makeDefault);
  }

  @PostMapping("/profiles/")
  ResponseEntity<byte[]> createProfile(HttpServletRequest request) {
    Caller c = support.caller(request);
    ProfileInput input = profileInput(ContractJson.read(request));
    return Replies.of(201, Shapes.profile(support.gatehouse().profiles().create(c.user(), input)));
  }

  @PatchMapping("/profiles/{id}/")
  ResponseEntity<byte[]> updateProfile(HttpServletRequest request, @PathVariable String id) {
    Caller c = support.caller(request);
    long profileId = ContractSupport.id(id);
    ProfileInput input = profileInput(ContractJson.read(request));
    return Replies.ok(
        Shapes.profile(support.gatehouse().profiles().update(c.user(), profileId, input)));
  }

  @DeleteMapping("/profiles/{id}/")
  ResponseEntity<byte[]> deleteProfile(HttpServletRequest request, @PathVariable String id) {
    Caller c = support.caller(request);
    support.gatehouse().profiles().delete(c.user(), ContractSupport.id(id));
    return ContractSupport.detail("profile deleted");
  }

  @PostMapping("/profile/switch/")
  ResponseEntity<byte[]> switchProfile(HttpServletRequest request) {
    VerifiedAccessToken c = support.liveCaller(request);
    Long id = ContractJson.read(request).optionalLong("profile_id");
    if (id == null) {
      throw new ApiException(400, "missing_field", "profile_id is required");
    }
    return support.tokens(
        support.gatehouse().profiles().switchProfile(c.userPublicId(), id, c.sessionId()));
  }

  @GetMapping("/devices/")
  ResponseEntity<byte[]> devices(HttpServletRequest request) {
    List<DeviceView> list = support.gatehouse().devices().list(support.caller(request).user());
    return Replies.ok(list.stream().map(Shapes::device).toList());
  }

  @DeleteMapping("/devices/{id}/")
  ResponseEntity<byte[]> deleteDevice(HttpServletRequest request, @PathVariable String id) {
    Caller c = support.caller(request);
    support.gatehouse().devices().remove(c.user(), ContractSupport.id(id));
    return ContractSupport.detail("device removed");
  }
}
