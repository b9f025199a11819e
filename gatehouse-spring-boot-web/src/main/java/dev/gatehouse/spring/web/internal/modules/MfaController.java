package dev.gatehouse.spring.web.internal.modules;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.mfa.SecondFactorErrors;
import dev.gatehouse.mfa.SecondFactorService;
import dev.gatehouse.mfa.SecondFactorService.RecoveryCodes;
import dev.gatehouse.mfa.SecondFactorService.RememberedDeviceView;
import dev.gatehouse.mfa.SecondFactorService.SecondFactorLogin;
import dev.gatehouse.mfa.SecondFactorService.SecondFactorProof;
import dev.gatehouse.mfa.SecondFactorService.SecondFactorStatus;
import dev.gatehouse.mfa.SecondFactorService.TotpEnrolment;
import dev.gatehouse.spring.web.internal.shared.ApiException;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.JsonBody;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.Shapes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Second factors: completing a login that answered {@code mfa_required} (a 401 problem carrying
 * {@code mfa_token}, {@code expires_at} and {@code methods}), optionally remembering the device;
 * the enrolment an {@code mfa_enrolment_required} login asks for; and the signed-in user's
 * authenticator app, recovery codes and remembered devices. Served when {@code auth-mfa} is on the
 * class path.
 */
@RestController
@ConditionalOnClass(name = "dev.gatehouse.mfa.SecondFactorService")
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class MfaController {
  private final ContractSupport support;

  MfaController(ContractSupport support) {
    this.support = support;
  }

  private SecondFactorService factors() {
    return support.gatehouse().feature(SecondFactorService.class);
  }

  @PostMapping("/login/mfa/")
  void completeLogin(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonBody b = ContractJson.read(request);
    String challenge = b.string("mfa_token");
    String code = b.optionalString("code");
    String recovery = b.optionalString("recovery_code");
    if ((code == null) == (recovery == null)) {
      throw new ApiException(
          SecondFactorErrors.INVALID_FACTOR, "give exactly one of code or recovery_code");
    }
    SecondFactorProof proof =
        code != null ? SecondFactorProof.totp(code) : SecondFactorProof.recoveryCode(recovery);
    boolean remember = Boolean.TRUE.equals(b.optionalBoolean("remember_device"));
    ClientInfo client = ContractSupport.loginClient(request, b);
    SecondFactorLogin login = factors().completeLogin(challenge, proof, client, remember);
    Map<String, Object> body = support.loginBody(client, login.signedIn());
    if (login.rememberedDevice() != null) {
      body.put("remembered_device", login.rememberedDevice());
      body.put("remembered_device_expires_at", login.rememberedUntil().toString());
    }
    Replies.ok(body).send(response);
  }

  /**
   * Starts the enrolment an {@code mfa_enrolment_required} login asks for; the token permits
   * nothing else.
   */
  @PostMapping("/login/mfa/enrol/")
  void beginRequiredEnrolment(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    JsonBody b = ContractJson.read(request);
    TotpEnrolment e =
        factors()
            .beginRequiredEnrolment(b.string("mfa_token"), ContractSupport.client(request, web()));
    Replies.of(201, enrolment(e)).send(response);
  }

  /** Confirms the required enrolment with the app's first code, which completes the login. */
  @PostMapping("/login/mfa/enrol/confirm/")
  void completeRequiredEnrolment(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    JsonBody b = ContractJson.read(request);
    String challenge = b.string("mfa_token");
    String code = b.string("code");
    ClientInfo client = ContractSupport.loginClient(request, b);
    SignInResult.SignedIn login = factors().completeRequiredEnrolment(challenge, code, client);
    Map<String, Object> body = support.loginBody(client, login);
    body.put("recovery_codes", login.recoveryCodes());
    Replies.ok(body).send(response);
  }

  @GetMapping("/mfa/remembered-devices/")
  void rememberedDevices(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    List<Map<String, Object>> devices = new ArrayList<>();
    for (RememberedDeviceView d : factors().rememberedDevices(caller)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", d.id());
      m.put("label", d.label());
      m.put("created_at", Shapes.time(d.createdAt()));
      m.put("last_used_at", Shapes.time(d.lastUsedAt()));
      m.put("expires_at", Shapes.time(d.expiresAt()));
      devices.add(m);
    }
    Replies.ok(Map.of("devices", devices)).send(response);
  }

  /** Forgets one remembered device ({@code id}) or, without one, every remembered device. */
  @PostMapping("/mfa/remembered-devices/forget/")
  void forgetRememberedDevices(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    JsonBody b = ContractJson.read(request);
    Long id = b.optionalLong("id");
    ClientInfo client = ContractSupport.client(request, web());
    int n;
    if (id != null) {
      factors().forgetRememberedDevice(caller, id, client);
      n = 1;
    } else {
      n = factors().forgetRememberedDevices(caller, client);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("detail", "remembered devices forgotten");
    body.put("devices", n);
    Replies.ok(body).send(response);
  }

  @GetMapping("/mfa/")
  void status(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    SecondFactorStatus s = factors().status(caller.userPublicId());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("totp_enabled", s.totpEnabled());
    body.put("totp_pending", s.totpPending());
    body.put("recovery_codes_left", s.recoveryCodesLeft());
    Replies.ok(body).send(response);
  }

  @PostMapping("/mfa/totp/")
  void beginTotp(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    JsonBody b = ContractJson.read(request);
    TotpEnrolment e =
        factors().beginTotpEnrolment(caller, proof(b), ContractSupport.client(request, web()));
    Replies.of(201, enrolment(e)).send(response);
  }

  private static Map<String, Object> enrolment(TotpEnrolment e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("secret", e.secret());
    body.put("otpauth_uri", e.uri());
    byte[] png = e.qrPng();
    if (png != null) {
      body.put("qr_png", Base64.getEncoder().encodeToString(png));
    }
    return body;
  }

  @PostMapping("/mfa/totp/confirm/")
  void confirmTotp(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    String code = ContractJson.read(request).string("code");
    RecoveryCodes codes =
        factors().confirmTotpEnrolment(caller, code, ContractSupport.client(request, web()));
    Replies.ok(Map.of("recovery_codes", codes.codes())).send(response);
  }

  @PostMapping("/mfa/totp/remove/")
  void removeTotp(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    Reauthentication proof = proof(ContractJson.read(request));
    factors().removeTotp(caller, proof, ContractSupport.client(request, web()));
    ContractSupport.detail("authenticator app removed").send(response);
  }

  @PostMapping("/mfa/recovery-codes/")
  void regenerate(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    Reauthentication proof = proof(ContractJson.read(request));
    RecoveryCodes codes =
        factors().regenerateRecoveryCodes(caller, proof, ContractSupport.client(request, web()));
    Replies.ok(Map.of("recovery_codes", codes.codes())).send(response);
  }

  /**
   * The recent-authentication proof of a body: {@code password}, or {@code totp_code}, else the
   * session's own recent sign-in.
   */
  private static Reauthentication proof(JsonBody b) {
    String password = b.optionalString("password");
    String totp = b.optionalString("totp_code");
    if (password != null && totp != null) {
      throw new ApiException(ErrorCode.INVALID_PROOF, "give at most one of password or totp_code");
    }
    if (password != null) {
      return Reauthentication.password(password);
    }
    return totp != null ? Reauthentication.totp(totp) : Reauthentication.recentSignIn();
  }

  private static String web() {
    return SessionService.CLIENT_WEB;
  }
}
