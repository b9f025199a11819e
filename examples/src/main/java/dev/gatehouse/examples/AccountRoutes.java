package dev.gatehouse.examples;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountUpdate;
import dev.gatehouse.core.account.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ClientResponse;
import dev.gatehouse.core.session.DeviceInfo;
import dev.gatehouse.core.session.Me;
import dev.gatehouse.core.session.TokenPair;
import dev.gatehouse.core.token.VerifiedAccessToken;
import dev.gatehouse.examples.http.ApiException;
import dev.gatehouse.examples.http.HttpApi;
import dev.gatehouse.examples.http.HttpApi.Request;
import dev.gatehouse.examples.http.HttpApi.Response;
import dev.gatehouse.examples.http.JsonBody;
import java.util.Map;
import java.util.UUID;

/** Registration, confirmation, password login, password reset and change, account routes. */
final class AccountRoutes {
  /** One answer for "registered" and "already registered": no account enumeration. */
  static final Map<String, Object> REGISTERED =
      Map.of("detail", "If the address can be registered, a confirmation email is on its way.");

  static final Map<String, Object> RESET_REQUESTED =
      Map.of("detail", "If an account uses this address, a reset link is on its way.");
  static final Map<String, Object> RESENT =
      Map.of("detail", "If an unconfirmed account uses this address, a new link is on its way.");

  private final Gatehouse gatehouse;

  private AccountRoutes(Gatehouse gatehouse) {
    this.gatehouse = gatehouse;
  }

  static void install(HttpApi http, Gatehouse gatehouse) {
    AccountRoutes r = new AccountRoutes(gatehouse);
    http.route("POST", "/auth/register/", r::register)
        .route("POST", "/auth/registration/account-confirmation-email/", r::confirm)
        .route("POST", "/auth/registration/account-confirmation-email/resend/", r::resend)
        .route("POST", "/auth/login/basic/", r::login)
        .route("POST", "/auth/password-reset/request/", r::resetRequest)
        .route("POST", "/auth/password-reset/confirm/", r::resetConfirm)
        .route("POST", "/auth/password-reset/change/", r::change)
        .route("POST", "/auth/account/update/", r::update)
        .route("PATCH", "/auth/account/update/", r::update)
        .route("POST", "/auth/account/delete/", r::delete)
        .route("POST", "/auth/admin/create-superuser/", r::createSuperuser);
  }

  private Response register(Request req) {
    JsonBody b = req.body();
    Boolean terms = b.optionalBoolean("termsAccepted");
    gatehouse
        .accounts()
        .register(
            new RegistrationRequest(
                b.optionalString("email"),
                b.optionalString("phone"),
                b.optionalString("username"),
                b.optionalString("password"),
                terms != null && terms,
                b.optionalString("language"),
                b.optionalString("timezone")));
    return Response.of(201, REGISTERED);
  }

  /** A dead or unknown link token is a 400 (it is not a credential of the caller). */
  private static void linkToken(Runnable flow) {
    try {
      flow.run();
    } catch (AuthException e) {
      if ("invalid_token".equals(e.code())) {
        throw new ApiException(400, "invalid_token", "the link is invalid or has expired");
      }
      throw e;
    }
  }

  private Response confirm(Request req) {
    String token = req.body().string("token");
    linkToken(() -> gatehouse.accounts().confirmEmail(token));
    return Response.ok(Map.of("detail", "account confirmed"));
  }

  private Response resend(Request req) {
    gatehouse.accounts().resendConfirmation(req.body().string("email"));
    return Response.ok(RESENT);
  }

  /** Reads the client kind and, for mobile, the device the login registers. */
  static ClientInfo loginClient(Request req, JsonBody b) {
    String client = b.optionalString("client");
    client = client == null ? "web" : client;
    DeviceInfo device = null;
    JsonBody d = b.optionalObject("device");
    if (d != null) {
      device =
          new DeviceInfo(
              d.string("token"),
              d.optionalString("platform"),
              d.optionalString("name"),
              d.optionalString("notificationToken"));
    }
    return new ClientInfo(client, req.clientIp(), req.header("user-agent"), device);
  }

  /** The login answer in jb-drf-auth's web or mobile shape, with the token pair. */
  static Response loginAnswer(Gatehouse gatehouse, ClientInfo client, TokenPair pair) {
    VerifiedAccessToken t = gatehouse.sessions().verifyAccessToken(pair.accessToken());
    Me me = gatehouse.profiles().me(UUID.fromString(t.subject()), t.profileId().orElse(null));
    return Response.ok(
        ClientResponse.forClient(client.client(), me, pair, client.device() != null).body());
  }

  private Response login(Request req) {
    JsonBody b = req.body();
    String identifier = b.optionalString("identifier");
    if (identifier == null) {
      identifier = b.optionalString("email");
    }
    if (identifier == null) {
      identifier = b.optionalString("username");
    }
    ClientInfo client = loginClient(req, b);
    if (!client.client().equals("web") && !client.client().equals("mobile")) {
      throw new ApiException(400, "invalid_client", "client must be web or mobile");
    }
    TokenPair pair =
        gatehouse
            .accounts()
            .login(new LoginRequest(identifier, b.optionalString("password"), client));
    return loginAnswer(gatehouse, client, pair);
  }

  private Response resetRequest(Request req) {
    gatehouse.accounts().requestPasswordReset(req.body().string("email"));
    return Response.ok(RESET_REQUESTED);
  }

  private Response resetConfirm(Request req) {
    JsonBody b = req.body();
    String token = b.string("token");
    String password = b.string("password");
    linkToken(() -> gatehouse.accounts().confirmPasswordReset(token, password));
    return Response.ok(Map.of("detail", "password reset"));
  }

  private Response change(Request req) {
    VerifiedAccessToken t = gatehouse.sessions().verifyAccessToken(req.bearerToken());
    JsonBody b = req.body();
    gatehouse
        .accounts()
        .changePassword(
            UUID.fromString(t.subject()), b.string("currentPassword"), b.string("newPassword"));
    return Response.ok(Map.of("detail", "password changed"));
  }

  private Response update(Request req) {
    VerifiedAccessToken t = gatehouse.sessions().verifyAccessToken(req.bearerToken());
    JsonBody b = req.body();
    return Response.ok(
        gatehouse
            .accounts()
            .updateAccount(
                UUID.fromString(t.subject()),
                new AccountUpdate(
                    b.optionalString("language"),
                    b.optionalString("timezone"),
                    b.optionalString("username"))));
  }

  private Response delete(Request req) {
    VerifiedAccessToken t = gatehouse.sessions().verifyAccessToken(req.bearerToken());
    gatehouse
        .accounts()
        .deleteAccount(UUID.fromString(t.subject()), req.body().optionalString("password"));
    return Response.ok(Map.of("detail", "account deleted"));
  }

  private Response createSuperuser(Request req) {
    JsonBody b = req.body();
    UUID id =
        gatehouse
            .accounts()
            .createSuperuser(
                req.header("x-admin-bootstrap-token"), b.string("email"), b.string("password"));
    return Response.of(201, Map.of("id", id.toString()));
  }
}
