package dev.gatehouse.examples;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.otp.OtpChannel;
import dev.gatehouse.core.otp.OtpLogin;
import dev.gatehouse.core.otp.OtpPurpose;
import dev.gatehouse.core.otp.OtpRequest;
import dev.gatehouse.core.otp.OtpSent;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.examples.http.ApiException;
import dev.gatehouse.examples.http.HttpApi;
import dev.gatehouse.examples.http.HttpApi.Request;
import dev.gatehouse.examples.http.HttpApi.Response;
import dev.gatehouse.examples.http.JsonBody;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One-time code routes with jb-drf-auth's semantics: a cooldown answers 429 with Retry-After, a
 * wrong code 401, a burned code 429, a provider failure 503.
 */
final class OtpRoutes {
  private final Gatehouse gatehouse;

  private OtpRoutes(Gatehouse gatehouse) {
    this.gatehouse = gatehouse;
  }

  static void install(HttpApi http, Gatehouse gatehouse) {
    OtpRoutes r = new OtpRoutes(gatehouse);
    http.route("POST", "/auth/otp/request/", r::request)
        .route("POST", "/auth/otp/verify/", r::verify);
  }

  /** The destination and its channel: {@code phone} means SMS, {@code email} means email. */
  private record Target(String destination, OtpChannel channel) {}

  private static Target target(JsonBody b) {
    String phone = b.optionalString("phone");
    String email = b.optionalString("email");
    if ((phone == null) == (email == null)) {
      throw new ApiException(400, "invalid_destination", "give exactly one of phone or email");
    }
    String channel = b.optionalString("channel");
    OtpChannel parsed =
        channel != null
            ? OtpChannel.parse(channel)
            : phone != null ? OtpChannel.SMS : OtpChannel.EMAIL;
    return new Target(phone != null ? phone : email, parsed);
  }

  private static OtpPurpose purpose(JsonBody b) {
    String p = b.optionalString("purpose");
    return p == null ? OtpPurpose.LOGIN : OtpPurpose.parse(p);
  }

  private Response request(Request req) {
    JsonBody b = req.body();
    Target t = target(b);
    String locale = b.optionalString("locale");
    OtpRequest r =
        OtpRequest.of(t.destination(), t.channel(), purpose(b))
            .withClient(new ClientInfo("web", req.clientIp(), req.header("user-agent"), null));
    if (locale != null) {
      r = r.withLocale(Locale.forLanguageTag(locale));
    }
    OtpSent sent = gatehouse.otp().request(r);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("detail", "If the destination can receive codes, one is on its way.");
    body.put("destination", sent.maskedDestination());
    body.put("channel", sent.channel().code());
    body.put("expiresIn", sent.validFor().toSeconds());
    body.put("resendAfter", sent.resendAfter().toSeconds());
    return Response.ok(body);
  }

  private Response verify(Request req) {
    JsonBody b = req.body();
    Target t = target(b);
    OtpPurpose purpose = purpose(b);
    String code = b.string("code");
    if (purpose == OtpPurpose.LOGIN) {
      ClientInfo client = AccountRoutes.loginClient(req, b);
      OtpLogin login = gatehouse.otp().loginWithCode(t.destination(), t.channel(), code, client);
      return AccountRoutes.loginAnswer(gatehouse, client, login.tokens());
    }
    gatehouse.otp().verify(t.destination(), t.channel(), purpose, code);
    return Response.ok(Map.of("detail", "verified"));
  }
}
