package dev.gatehouse.spring.web.internal.gatehouse;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.otp.OtpService.OtpSent;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.spring.web.internal.shared.ApiException;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.JsonBody;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.SecondStepAnswer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * One-time code routes with jb-drf-auth's semantics: a cooldown answers 429 with Retry-After, a
 * wrong code 401, a burned code 429 without Retry-After, a provider failure 503.
 */
@RestController
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class OtpController {
  static final String SENT = "If the destination can receive codes, one is on its way.";

  private final ContractSupport support;

  OtpController(ContractSupport support) {
    this.support = support;
  }

  /** The destination and its channel: {@code phone} means SMS, {@code email} means email. */
  private record Target(String destination, OtpChannel channel) {}

  private static Target target(JsonBody b) {
    String phone = b.optionalString("phone");
    String email = b.optionalString("email");
    if ((phone == null) == (email == null)) {
      throw new ApiException(ErrorCode.INVALID_DESTINATION, "give exactly one of phone or email");
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

  @PostMapping("/otp/request/")
  void request(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonBody b = ContractJson.read(request);
    Target t = target(b);
    String locale = b.optionalString("locale");
    OtpRequest r =
        OtpRequest.of(t.destination(), t.channel(), purpose(b))
            .withClient(ContractSupport.client(request, SessionService.CLIENT_WEB));
    if (locale != null) {
      r = r.withLocale(Locale.forLanguageTag(locale));
    }
    OtpSent sent = support.gatehouse().otp().request(r);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("detail", SENT);
    body.put("destination", sent.maskedDestination());
    body.put("channel", sent.channel().code());
    body.put("expires_in", sent.validFor().toSeconds());
    body.put("resend_after", sent.resendAfter().toSeconds());
    Replies.ok(body).send(response);
  }

  @PostMapping("/otp/verify/")
  void verify(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonBody b = ContractJson.read(request);
    Target t = target(b);
    OtpPurpose purpose = purpose(b);
    String code = b.string("code");
    if (purpose == OtpPurpose.LOGIN) {
      ClientInfo client = ContractSupport.loginClient(request, b);
      SignInResult.SignedIn in =
          SecondStepAnswer.signedIn(
              support.gatehouse().otp().loginWithCode(t.destination(), t.channel(), code, client));
      support.loginAnswer(client, in).send(response);
      return;
    }
    support.gatehouse().otp().verify(t.destination(), t.channel(), purpose, code);
    ContractSupport.detail("verified").send(response);
  }
}
