package dev.gatehouse.spring.web.internal.gatehouse;

import dev.gatehouse.core.account.AccountService.AccountUpdate;
import dev.gatehouse.core.account.AccountService.CodeSent;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.web.internal.shared.Caller;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.ContractSupport.Contact;
import dev.gatehouse.spring.web.internal.shared.JsonBody;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.SecondStepAnswer;
import dev.gatehouse.spring.web.internal.shared.Shapes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/** Registration, confirmation, password login, password reset and change, account routes. */
@RestController
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class AccountController {
  /** One answer for "registered" and "already registered": no account enumeration. */
  static final String REGISTERED =
      "If the address can be registered, a confirmation email is on its way.";

  static final String RESET_REQUESTED =
      "If an account uses this address, a reset link is on its way.";
  static final String RESENT =
      "If an unconfirmed account uses this address, a new link is on its way.";

  static final String CHANGE_CODE_SENT =
      "A code is on its way to the new address; the change is made once it is confirmed.";

  private final ContractSupport support;

  AccountController(ContractSupport support) {
    this.support = support;
  }

  @PostMapping("/register/")
  void register(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonBody b = ContractJson.read(request);
    Boolean terms = b.optionalBoolean("terms_accepted");
    support
        .gatehouse()
        .accounts()
        .register(
            new RegistrationRequest(
                b.optionalString("email"),
                b.optionalString("phone"),
                b.optionalString("username"),
                b.optionalString("password"),
                terms != null && terms,
                b.optionalString("language"),
                b.optionalString("timezone")),
            ContractSupport.anonymous(request));
    Replies.of(201, Shapes.detail(REGISTERED)).send(response);
  }

  @PostMapping("/registration/account-confirmation-email/")
  void confirm(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String token = ContractJson.read(request).string("token");
    support.gatehouse().accounts().confirmEmail(token);
    ContractSupport.detail("account confirmed").send(response);
  }

  @PostMapping("/registration/account-confirmation-email/resend/")
  void resend(HttpServletRequest request, HttpServletResponse response) throws IOException {
    support
        .gatehouse()
        .accounts()
        .resendConfirmation(
            ContractJson.read(request).string("email"), ContractSupport.anonymous(request));
    ContractSupport.detail(RESENT).send(response);
  }

  @PostMapping("/login/basic/")
  void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonBody b = ContractJson.read(request);
    String identifier = b.optionalString("identifier");
    if (identifier == null) {
      identifier = b.optionalString("email");
    }
    if (identifier == null) {
      identifier = b.optionalString("username");
    }
    ClientInfo client = ContractSupport.loginClient(request, b);
    SignInResult.SignedIn in =
        SecondStepAnswer.signedIn(
            support
                .gatehouse()
                .accounts()
                .login(new LoginRequest(identifier, b.optionalString("password"), client)));
    support.loginAnswer(client, in).send(response);
  }

  @PostMapping("/password-reset/request/")
  void resetRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
    support
        .gatehouse()
        .accounts()
        .requestPasswordReset(
            ContractJson.read(request).string("email"), ContractSupport.anonymous(request));
    ContractSupport.detail(RESET_REQUESTED).send(response);
  }

  @PostMapping("/password-reset/confirm/")
  void resetConfirm(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonBody b = ContractJson.read(request);
    String token = b.string("token");
    String password = b.string("password");
    support.gatehouse().accounts().confirmPasswordReset(token, password);
    ContractSupport.detail("password reset").send(response);
  }

  @PostMapping("/password-reset/change/")
  void change(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    JsonBody b = ContractJson.read(request);
    String current = b.string("current_password");
    String next = b.string("new_password");
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    // A wrong current password is a 400 (its kind), not a 401: the access token is fine, and a
    // frontend's interceptor must not sign the user out over a typo.
    support
        .gatehouse()
        .accounts()
        .changePassword(caller, Reauthentication.password(current), next, client);
    ContractSupport.detail("password changed").send(response);
  }

  @RequestMapping(
      path = "/account/update/",
      method = {RequestMethod.POST, RequestMethod.PATCH})
  void update(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Caller caller = support.caller(request);
    JsonBody b = ContractJson.read(request);
    support
        .gatehouse()
        .accounts()
        .updateAccount(
            caller.user(),
            new AccountUpdate(
                b.optionalString("language"),
                b.optionalString("timezone"),
                b.optionalString("username")));
    Me me = support.gatehouse().profiles().me(caller.user(), caller.profileId());
    Replies.ok(Map.of("user", Shapes.user(me.user()))).send(response);
  }

  @PostMapping("/account/delete/")
  void delete(HttpServletRequest request, HttpServletResponse response) throws IOException {
    VerifiedAccessToken caller = support.liveCaller(request);
    JsonBody b = ContractJson.read(request);
    String password = b.optionalString("password");
    Reauthentication proof = ContractSupport.proof(password);
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    support.gatehouse().accounts().deleteAccount(caller, proof, client);
    ContractSupport.detail("account deleted").send(response);
  }

  /** The email change's first step: a code to the new address; nothing changes yet. */
  @PostMapping("/account/email/change/")
  void changeEmail(HttpServletRequest request, HttpServletResponse response) throws IOException {
    requestChange(request, response, Contact.EMAIL, "email");
  }

  /** The email change's second step: the code makes the new address the account's, verified. */
  @PostMapping("/account/email/confirm/")
  void confirmEmail(HttpServletRequest request, HttpServletResponse response) throws IOException {
    confirmChange(request, response, Contact.EMAIL, "email");
  }

  /** The phone change's first step: a code by SMS to the new number; nothing changes yet. */
  @PostMapping("/account/phone/change/")
  void changePhone(HttpServletRequest request, HttpServletResponse response) throws IOException {
    requestChange(request, response, Contact.PHONE, "phone");
  }

  /** The phone change's second step: the code makes the new number the account's, verified. */
  @PostMapping("/account/phone/confirm/")
  void confirmPhone(HttpServletRequest request, HttpServletResponse response) throws IOException {
    confirmChange(request, response, Contact.PHONE, "phone");
  }

  private void requestChange(
      HttpServletRequest request, HttpServletResponse response, Contact contact, String field)
      throws IOException {
    JsonBody b = ContractJson.read(request);
    String to = b.string(field);
    CodeSent sent =
        support.requestContactChange(request, contact, to, b.optionalString("password"));
    Replies.ok(ContractSupport.codeSent(CHANGE_CODE_SENT, sent)).send(response);
  }

  private void confirmChange(
      HttpServletRequest request, HttpServletResponse response, Contact contact, String field)
      throws IOException {
    JsonBody b = ContractJson.read(request);
    String to = b.string(field);
    String code = b.string("code");
    VerifiedAccessToken caller = support.confirmContactChange(request, contact, to, code);
    Me me =
        support.gatehouse().profiles().me(caller.userPublicId(), caller.profileId().orElse(null));
    Replies.ok(Map.of("user", Shapes.user(me.user()))).send(response);
  }

  @PostMapping("/admin/create-superuser/")
  void createSuperuser(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    JsonBody b = ContractJson.read(request);
    UUID id =
        support
            .gatehouse()
            .accounts()
            .createSuperuser(
                request.getHeader("X-Admin-Bootstrap-Token"),
                b.string("email"),
                b.string("password"));
    Replies.of(201, Map.of("id", id.toString())).send(response);
  }
}
