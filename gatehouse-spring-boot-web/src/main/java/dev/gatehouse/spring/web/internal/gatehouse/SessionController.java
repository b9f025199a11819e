package dev.gatehouse.spring.web.internal.gatehouse;

import dev.gatehouse.core.session.DeviceService.DeviceView;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.ProfileService.ProfileInput;
import dev.gatehouse.core.session.SessionService.SessionView;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.web.internal.admin.ImpersonationLogout;
import dev.gatehouse.spring.web.internal.shared.ApiException;
import dev.gatehouse.spring.web.internal.shared.Caller;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.JsonBody;
import dev.gatehouse.spring.web.internal.shared.LegacyExchange;
import dev.gatehouse.spring.web.internal.shared.ProtocolError;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.Shapes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
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
  void refresh(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonBody b = ContractJson.read(request);
    String refresh = b.string("refresh");
    String kind = ContractSupport.clientKind(b.optionalString("client"));
    support
        .tokens(
            support.gatehouse().sessions().refresh(refresh, ContractSupport.client(request, kind)))
        .send(response);
  }

  /**
   * Exchanges a legacy system's token for a Gatehouse session during its transition window (RFC
   * 8693): {@code grant_type}, {@code subject_token} and {@code subject_token_type}, as a form (the
   * RFC's encoding) or as JSON; {@code client} as at the refresh route. Answers the tokens in the
   * contract's shape and RFC 8693's ({@code access_token}, {@code refresh_token}, {@code
   * issued_token_type}). {@link LegacyExchange} reads and exchanges, as under every contract.
   */
  @PostMapping("/token/exchange/")
  void exchange(HttpServletRequest request, HttpServletResponse response) throws IOException {
    dev.gatehouse.core.session.SessionService.TokenPair pair =
        LegacyExchange.exchange(support, request);
    java.time.Clock clock = support.gatehouse().config().clock();
    Replies.ok(LegacyExchange.rfc8693(Shapes.tokens(pair, clock), pair, clock)).send(response);
  }

  /** With an access token: ends its session. Without one: ends the session of {@code refresh}. */
  @PostMapping("/logout/")
  void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String refresh = ContractJson.read(request).optionalString("refresh");
    if (Caller.bearer(request) == null && refresh != null) {
      support.gatehouse().sessions().logoutWithRefreshToken(refresh);
    } else if (!(ImpersonationLogout.PRESENT && ImpersonationLogout.ended(support, request))) {
      Caller c = support.caller(request, ContractSupport.Use.END_OWN_SESSION);
      support.gatehouse().sessions().logout(c.user(), c.sessionId());
    }
    ContractSupport.detail("logged out").send(response);
  }

  @PostMapping("/logout/all/")
  void logoutAll(HttpServletRequest request, HttpServletResponse response) throws IOException {
    int n = support.gatehouse().sessions().logoutAll(support.liveCaller(request).userPublicId());
    ContractSupport.detail("logged out everywhere", "sessions", n).send(response);
  }

  @GetMapping("/sessions/")
  void sessions(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken c = support.liveCaller(request);
    List<SessionView> list =
        support.gatehouse().sessions().listSessions(c.userPublicId(), c.sessionId());
    Replies.ok(list.stream().map(Shapes::session).toList()).send(response);
  }

  @PostMapping("/sessions/revoke/")
  void revokeSession(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken c = support.liveCaller(request);
    String sessionId = ContractJson.read(request).string("session_id");
    support.gatehouse().sessions().revokeSession(c.userPublicId(), sessionId);
    ContractSupport.detail("session revoked").send(response);
  }

  @PostMapping("/sessions/revoke-others/")
  void revokeOthers(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken c = support.liveCaller(request);
    int n = support.gatehouse().sessions().revokeOthers(c.userPublicId(), c.sessionId());
    ContractSupport.detail("other sessions revoked", "sessions", n).send(response);
  }

  /** {@code client} is accepted for jb-drf-auth clients; the shape is the same for both. */
  @GetMapping("/me/")
  void me(
      HttpServletRequest request,
      @RequestParam(name = "client", required = false) String client,
      HttpServletResponse response)
      throws IOException {
    Caller c = support.caller(request, ContractSupport.Use.READ);
    ContractSupport.clientKind(client);
    Me me = support.gatehouse().profiles().me(c.user(), c.profileId());
    Replies.ok(Shapes.me(me)).send(response);
  }

  @GetMapping("/profiles/")
  void profiles(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Replies.ok(
            Shapes.profiles(
                support
                    .gatehouse()
                    .profiles()
                    .list(support.caller(request, ContractSupport.Use.READ).user())))
        .send(response);
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
  void createProfile(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Caller c = support.caller(request);
    ProfileInput input = profileInput(ContractJson.read(request));
    Replies.of(201, Shapes.profile(support.gatehouse().profiles().create(c.user(), input)))
        .send(response);
  }

  @PatchMapping("/profiles/{id}/")
  void updateProfile(
      HttpServletRequest request, @PathVariable String id, HttpServletResponse response)
      throws IOException {
    Caller c = support.caller(request);
    long profileId = ContractSupport.id(id);
    ProfileInput input = profileInput(ContractJson.read(request));
    Replies.ok(Shapes.profile(support.gatehouse().profiles().update(c.user(), profileId, input)))
        .send(response);
  }

  @DeleteMapping("/profiles/{id}/")
  void deleteProfile(
      HttpServletRequest request, @PathVariable String id, HttpServletResponse response)
      throws IOException {
    Caller c = support.caller(request);
    support.gatehouse().profiles().delete(c.user(), ContractSupport.id(id));
    ContractSupport.detail("profile deleted").send(response);
  }

  @PostMapping("/profile/switch/")
  void switchProfile(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken c = support.liveCaller(request);
    Long id = ContractJson.read(request).optionalLong("profile_id");
    if (id == null) {
      throw new ApiException(ProtocolError.MISSING_FIELD, "profile_id is required");
    }
    support
        .tokens(support.gatehouse().profiles().switchProfile(c.userPublicId(), id, c.sessionId()))
        .send(response);
  }

  @GetMapping("/devices/")
  void devices(HttpServletRequest request, HttpServletResponse response) throws IOException {
    List<DeviceView> list =
        support
            .gatehouse()
            .devices()
            .list(support.caller(request, ContractSupport.Use.READ).user());
    Replies.ok(list.stream().map(Shapes::device).toList()).send(response);
  }

  @DeleteMapping("/devices/{id}/")
  void deleteDevice(
      HttpServletRequest request, @PathVariable String id, HttpServletResponse response)
      throws IOException {
    Caller c = support.caller(request);
    support.gatehouse().devices().remove(c.user(), ContractSupport.id(id));
    ContractSupport.detail("device removed").send(response);
  }
}
