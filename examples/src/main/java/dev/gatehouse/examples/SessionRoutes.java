package dev.gatehouse.examples;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ClientResponse;
import dev.gatehouse.core.session.Me;
import dev.gatehouse.core.session.ProfileInput;
import dev.gatehouse.core.session.TokenPair;
import dev.gatehouse.core.token.VerifiedAccessToken;
import dev.gatehouse.examples.http.ApiException;
import dev.gatehouse.examples.http.HttpApi;
import dev.gatehouse.examples.http.HttpApi.Request;
import dev.gatehouse.examples.http.HttpApi.Response;
import dev.gatehouse.examples.http.JsonBody;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Token, session, profile and device routes (jb-drf-auth's shapes), and one of the host's own
 * endpoints guarded by access-token verification.
 */
final class SessionRoutes {
  private final Gatehouse gatehouse;

  private SessionRoutes(Gatehouse gatehouse) {
    this.gatehouse = gatehouse;
  }

  static void install(HttpApi http, Gatehouse gatehouse) {
    SessionRoutes r = new SessionRoutes(gatehouse);
    http.route("POST", "/auth/token/refresh/", r::refresh)
        .route("POST", "/auth/logout/", r::logout)
        .route("POST", "/auth/logout/all/", r::logoutAll)
        .route("GET", "/auth/sessions/", r::sessions)
        .route("POST", "/auth/sessions/revoke/", r::revokeSession)
        .route("POST", "/auth/sessions/revoke-others/", r::revokeOthers)
        .route("GET", "/auth/me/", r::me)
        .route("GET", "/auth/profiles/", r::profiles)
        .route("POST", "/auth/profiles/", r::createProfile)
        .route("PATCH", "/auth/profiles/{id}/", r::updateProfile)
        .route("DELETE", "/auth/profiles/{id}/", r::deleteProfile)
        .route("POST", "/auth/profile/switch/", r::switchProfile)
        .route("GET", "/auth/devices/", r::devices)
        .route("DELETE", "/auth/devices/{id}/", r::deleteDevice)
        .route("GET", "/api/hello/", r::hello);
  }

  /** Verifies the bearer token; every failure is the same 401 {@code invalid_token}. */
  VerifiedAccessToken caller(Request req) {
    return gatehouse.sessions().verifyAccessToken(req.bearerToken());
  }

  static UUID userOf(VerifiedAccessToken t) {
    return UUID.fromString(t.subject());
  }

  static Map<String, Object> tokens(TokenPair pair) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("accessToken", pair.accessToken());
    m.put("refreshToken", pair.refreshToken());
    return m;
  }

  static ClientInfo client(Request req, JsonBody body) {
    String client = body.optionalString("client");
    return new ClientInfo(
        client == null ? "web" : client, req.clientIp(), req.header("user-agent"), null);
  }

  private Response refresh(Request req) {
    TokenPair pair =
        gatehouse.sessions().refresh(req.body().string("refreshToken"), client(req, req.body()));
    return Response.ok(tokens(pair));
  }

  private Response logout(Request req) {
    String refresh = req.body().optionalString("refreshToken");
    if (req.bearerToken() == null && refresh != null) {
      gatehouse.sessions().logoutWithRefreshToken(refresh);
    } else {
      VerifiedAccessToken t = caller(req);
      gatehouse.sessions().logout(userOf(t), t.sessionId());
    }
    return Response.ok(Map.of("detail", "logged out"));
  }

  private Response logoutAll(Request req) {
    int n = gatehouse.sessions().logoutAll(userOf(caller(req)));
    return Response.ok(Map.of("detail", "logged out everywhere", "sessions", n));
  }

  private Response sessions(Request req) {
    VerifiedAccessToken t = caller(req);
    return Response.ok(gatehouse.sessions().listSessions(userOf(t), t.sessionId()));
  }

  private Response revokeSession(Request req) {
    VerifiedAccessToken t = caller(req);
    gatehouse.sessions().revokeSession(userOf(t), req.body().string("sessionId"));
    return Response.ok(Map.of("detail", "session revoked"));
  }

  private Response revokeOthers(Request req) {
    VerifiedAccessToken t = caller(req);
    int n = gatehouse.sessions().revokeOthers(userOf(t), t.sessionId());
    return Response.ok(Map.of("detail", "other sessions revoked", "sessions", n));
  }

  private Response me(Request req) {
    VerifiedAccessToken t = caller(req);
    Me me = gatehouse.profiles().me(userOf(t), t.profileId().orElse(null));
    String client = req.queryParam("client") == null ? "web" : req.queryParam("client");
    if (!List.of("web", "mobile").contains(client)) {
      throw new ApiException(400, "invalid_client", "client must be web or mobile");
    }
    return Response.ok(ClientResponse.forClient(client, me, null, false).body());
  }

  private Response profiles(Request req) {
    return Response.ok(gatehouse.profiles().list(userOf(caller(req))));
  }

  private static ProfileInput profileInput(JsonBody b) {
    Boolean makeDefault = b.optionalBoolean("isDefault");
    return new ProfileInput(
        b.optionalString("role"),
        b.optionalString("label"),
        b.optionalString("settings"),
        b.optionalBoolean("isActive"),
        makeDefault != null && makeDefault);
  }

  private Response createProfile(Request req) {
    return Response.of(
        201, gatehouse.profiles().create(userOf(caller(req)), profileInput(req.body())));
  }

  private Response updateProfile(Request req) {
    return Response.ok(
        gatehouse.profiles().update(userOf(caller(req)), req.idParam(), profileInput(req.body())));
  }

  private Response deleteProfile(Request req) {
    gatehouse.profiles().delete(userOf(caller(req)), req.idParam());
    return Response.ok(Map.of("detail", "profile deleted"));
  }

  private Response switchProfile(Request req) {
    VerifiedAccessToken t = caller(req);
    Long id = req.body().optionalLong("profileId");
    if (id == null) {
      throw new ApiException(400, "missing_field", "profileId is required");
    }
    return Response.ok(tokens(gatehouse.profiles().switchProfile(userOf(t), id, t.sessionId())));
  }

  private Response devices(Request req) {
    return Response.ok(gatehouse.devices().list(userOf(caller(req))));
  }

  private Response deleteDevice(Request req) {
    gatehouse.devices().remove(userOf(caller(req)), req.idParam());
    return Response.ok(Map.of("detail", "device removed"));
  }

  /** The host's own endpoint: only a valid access token gets in. */
  private Response hello(Request req) {
    VerifiedAccessToken t = caller(req);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", "hello from the host application");
    body.put("user", t.subject());
    body.put("profile", t.profileId().orElse(null));
    return Response.ok(body);
  }
}
