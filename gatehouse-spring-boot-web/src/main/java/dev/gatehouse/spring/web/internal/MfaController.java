package dev.gatehouse.spring.web.internal;

import dev.gatehouse.core.account.Reauthentication;
import dev.gatehouse.core.mfa.RecoveryCodes;
import dev.gatehouse.core.mfa.SecondFactorProof;
import dev.gatehouse.core.mfa.SecondFactorStatus;
import dev.gatehouse.core.mfa.TotpEnrolment;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.TokenPair;
import dev.gatehouse.core.token.VerifiedAccessToken;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Second factors: completing a login that answered {@code mfa_required} (a 401 problem carrying
 * {@code mfa_token}, {@code expires_at} and {@code methods}), and the signed-in user's
 * authenticator app and recovery codes.
 */
@RestController
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class MfaController {
  private final ContractSupport support;

  MfaController(ContractSupport support) {
    this.support = support;
  }

  @PostMapping("/login/mfa/")
  ResponseEntity<byte[]> completeLogin(HttpServletRequest request) {
    JsonBody b = ContractJson.read(request);
    String challenge = b.string("mfa_token");
    String code = b.optionalString("code");
    String recovery = b.optionalString("recovery_code");
    if ((code == null) == (recovery == null)) {
      throw new ApiException(400, "invalid_factor", "give exactly one of code or recovery_code");
    }
    SecondFactorProof proof =
        code != null ? SecondFactorProof.totp(code) : SecondFactorProof.recoveryCode(recovery);
    ClientInfo client = ContractSupport.loginClient(request, b);
    TokenPair pair = support.gatehouse().secondFactors().completeLogin(challenge, proof, client);
    return support.loginAnswer(client, pair);
  }

  @GetMapping("/mfa/")
  ResponseEntity<byte[]> status(HttpServletRequest request) {
    VerifiedAccessToken caller = support.liveCaller(request);
    SecondFactorStatus s = support.gatehouse().secondFactors().status(caller.userPublicId());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("totp_enabled", s.totpEnabled());
    body.put("totp_pending", s.totpPending());
    body.put("recovery_codes_left", s.recoveryCodesLeft());
    return Replies.ok(body);
  }

  @PostMapping("/mfa/totp/")
  ResponseEntity<byte[]> beginTotp(HttpServletRequest request) {
    VerifiedAccessToken caller = support.liveCaller(request);
    JsonBody b = ContractJson.read(request);
    TotpEnrolment e =
        support
            .gatehouse()
            .secondFactors()
            .beginTotpEnrolment(caller, proof(b), ContractSupport.client(request, web()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("secret", e.secret());
    body.put("otpauth_uri", e.uri());
    body.put("qr_png", Base64.getEncoder().encodeToString(e.qrPng()));
    return Replies.of(201, body);
  }

  @PostMapping("/mfa/totp/confirm/")
  ResponseEntity<byte[]> confirmTotp(HttpServletRequest request) {
    VerifiedAccessToken caller = support.liveCaller(request);
    String code = ContractJson.read(request).string("code");
    RecoveryCodes codes =
        support
            .gatehouse()
            .secondFactors()
            .confirmTotpEnrolment(caller, code, ContractSupport.client(request, web()));
    return Replies.ok(Map.of("recovery_codes", codes.codes()));
  }

  @PostMapping("/mfa/totp/remove/")
  ResponseEntity<byte[]> removeTotp(HttpServletRequest request) {
    VerifiedAccessToken caller = support.liveCaller(request);
    Reauthentication proof = proof(ContractJson.read(request));
    support
        .gatehouse()
        .secondFactors()
        .removeTotp(caller, proof, ContractSupport.client(request, web()));
    return ContractSupport.detail("authenticator app removed");
  }

  @PostMapping("/mfa/recovery-codes/")
  ResponseEntity<byte[]> regenerate(HttpServletRequest request) {
    VerifiedAccessToken caller = support.liveCaller(request);
    Reauthentication proof = proof(ContractJson.read(request));
    RecoveryCodes codes =
        support
            .gatehouse()
            .secondFactors()
            .regenerateRecoveryCodes(caller, proof, ContractSupport.client(request, web()));
    return Replies.ok(Map.of("recovery_codes", codes.codes()));
  }

  /**
   * The recent-authentication proof of a body: {@code password}, or {@code totp_code}, else the
   * session's own recent sign-in.
   */
  private static Reauthentication proof(JsonBody b) {
    String password = b.optionalString("password");
    String totp = b.optionalString("totp_code");
    if (password != null && totp != null) {
      throw new ApiException(400, "invalid_proof", "give at most one of password or totp_code");
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
