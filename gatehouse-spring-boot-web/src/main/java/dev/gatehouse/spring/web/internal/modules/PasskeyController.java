package dev.gatehouse.spring.web.internal.modules;

import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.passkeys.PasskeyService;
import dev.gatehouse.passkeys.PasskeyService.Passkey;
import dev.gatehouse.passkeys.PasskeyService.PasskeyCreationOptions;
import dev.gatehouse.passkeys.PasskeyService.PasskeyCredentialDescriptor;
import dev.gatehouse.passkeys.PasskeyService.PasskeyRequestOptions;
import dev.gatehouse.spring.web.internal.shared.ApiException;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.JsonBody;
import dev.gatehouse.spring.web.internal.shared.ProtocolError;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.SecondStepAnswer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Passkeys (WebAuthn): registration, passwordless sign-in, a passkey as the second factor of an
 * {@code mfa_required} login, step-up, and the signed-in user's list. Options are answered as
 * {@code {"public_key": {...}, "expires_at": ...}}, where {@code public_key} is the JSON form a
 * browser's {@code PublicKeyCredential.parseCreationOptionsFromJSON()} / {@code
 * parseRequestOptionsFromJSON()} reads; responses are sent back as {@code credential}, the object
 * {@code PublicKeyCredential.toJSON()} gives. Served when {@code auth-passkeys} is on the class
 * path (the starter brings it).
 */
@RestController
@ConditionalOnClass(name = "dev.gatehouse.passkeys.PasskeyService")
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class PasskeyController {
  private final ContractSupport support;

  PasskeyController(ContractSupport support) {
    this.support = support;
  }

  private PasskeyService passkeys() {
    return support.gatehouse().feature(PasskeyService.class);
  }

  // ---- registration and the user's passkeys ------------------------------------------------

  @PostMapping("/passkeys/register/options/")
  void registrationOptions(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    JsonBody b = ContractJson.read(request);
    PasskeyCreationOptions o =
        passkeys()
            .beginRegistration(
                caller, ContractSupport.proof(b), ContractSupport.client(request, web()));
    Replies.ok(creation(o)).send(response);
  }

  @PostMapping("/passkeys/register/")
  void register(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    JsonBody b = ContractJson.read(request);
    Passkey p =
        passkeys()
            .finishRegistration(
                caller,
                credential(b),
                b.optionalString("name"),
                ContractSupport.client(request, web()));
    Replies.of(201, passkey(p)).send(response);
  }

  @GetMapping("/passkeys/")
  void list(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Passkey p : passkeys().list(caller)) {
      out.add(passkey(p));
    }
    Replies.ok(Map.of("passkeys", out)).send(response);
  }

  @PostMapping("/passkeys/rename/")
  void rename(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    JsonBody b = ContractJson.read(request);
    Passkey p = passkeys().rename(caller, id(b), b.string("name"));
    Replies.ok(passkey(p)).send(response);
  }

  @PostMapping("/passkeys/remove/")
  void remove(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    JsonBody b = ContractJson.read(request);
    passkeys()
        .remove(caller, id(b), ContractSupport.proof(b), ContractSupport.client(request, web()));
    ContractSupport.detail("passkey removed").send(response);
  }

  @PostMapping("/passkeys/step-up/options/")
  void stepUpOptions(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    Replies.ok(request(passkeys().beginStepUp(caller))).send(response);
  }

  // ---- sign-in -----------------------------------------------------------------------------

  @PostMapping("/login/passkey/options/")
  void signInOptions(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Replies.ok(request(passkeys().beginSignIn(ContractSupport.anonymous(request)))).send(response);
  }

  @PostMapping("/login/passkey/")
  void signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonBody b = ContractJson.read(request);
    ClientInfo client = ContractSupport.loginClient(request, b);
    // An account whose authenticator did not verify the user may still owe its second factor:
    // answered as the mfa_required problem, as after a password.
    support
        .loginAnswer(
            client, SecondStepAnswer.signedIn(passkeys().finishSignIn(credential(b), client)))
        .send(response);
  }

  @PostMapping("/login/mfa/passkey/options/")
  void secondFactorOptions(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    JsonBody b = ContractJson.read(request);
    Replies.ok(request(passkeys().beginSecondFactor(b.string("mfa_token")))).send(response);
  }

  @PostMapping("/login/mfa/passkey/")
  void completeLogin(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonBody b = ContractJson.read(request);
    ClientInfo client = ContractSupport.loginClient(request, b);
    support
        .loginAnswer(client, passkeys().completeLogin(b.string("mfa_token"), credential(b), client))
        .send(response);
  }

  // ---- shapes ------------------------------------------------------------------------------

  private static String credential(JsonBody b) {
    String json = b.optionalObjectText("credential");
    if (json == null) {
      throw new ApiException(ProtocolError.INVALID_FIELD, "credential is required");
    }
    return json;
  }

  private static long id(JsonBody b) {
    Long id = b.optionalLong("id");
    if (id == null || id <= 0) {
      throw new ApiException(ProtocolError.INVALID_FIELD, "id is required");
    }
    return id;
  }

  static Map<String, Object> creation(PasskeyCreationOptions o) {
    Map<String, Object> pk = new LinkedHashMap<>();
    Map<String, Object> rp = new LinkedHashMap<>();
    rp.put("id", o.rpId());
    rp.put("name", o.rpName());
    pk.put("rp", rp);
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", o.userHandle());
    user.put("name", o.userName());
    user.put("displayName", o.userDisplayName());
    pk.put("user", user);
    pk.put("challenge", o.challenge());
    List<Map<String, Object>> params = new ArrayList<>();
    for (Integer alg : o.algorithms()) {
      params.add(Map.of("type", "public-key", "alg", alg));
    }
    pk.put("pubKeyCredParams", params);
    pk.put("timeout", o.timeoutMillis());
    pk.put("excludeCredentials", descriptors(o.excludeCredentials()));
    Map<String, Object> selection = new LinkedHashMap<>();
    selection.put("residentKey", o.residentKey());
    selection.put("requireResidentKey", "required".equals(o.residentKey()));
    selection.put("userVerification", o.userVerification());
    pk.put("authenticatorSelection", selection);
    pk.put("attestation", o.attestation());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("public_key", pk);
    body.put("expires_at", o.expiresAt().toString());
    return body;
  }

  static Map<String, Object> request(PasskeyRequestOptions o) {
    Map<String, Object> pk = new LinkedHashMap<>();
    pk.put("challenge", o.challenge());
    pk.put("rpId", o.rpId());
    pk.put("timeout", o.timeoutMillis());
    pk.put("allowCredentials", descriptors(o.allowCredentials()));
    pk.put("userVerification", o.userVerification());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("public_key", pk);
    body.put("expires_at", o.expiresAt().toString());
    return body;
  }

  private static List<Map<String, Object>> descriptors(List<PasskeyCredentialDescriptor> ds) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PasskeyCredentialDescriptor d : ds) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", "public-key");
      m.put("id", d.id());
      if (!d.transports().isEmpty()) {
        m.put("transports", d.transports());
      }
      out.add(m);
    }
    return out;
  }

  static Map<String, Object> passkey(Passkey p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("name", p.name());
    m.put("credential_id", p.credentialId());
    m.put("transports", p.transports());
    m.put("backup_eligible", p.backupEligible());
    m.put("backed_up", p.backedUp());
    m.put("created_at", p.createdAt().toString());
    m.put("last_used_at", p.lastUsedAt() == null ? null : p.lastUsedAt().toString());
    return m;
  }

  private static String web() {
    return SessionService.CLIENT_WEB;
  }
}
