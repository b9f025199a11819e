package dev.gatehouse.spring.web.internal.jbdrfauth;

import dev.gatehouse.core.account.AccountService.CodeSent;
import dev.gatehouse.core.session.ProfileService.Me;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.web.internal.drf.DrfForm;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.ContractSupport.Contact;
import dev.gatehouse.spring.web.internal.shared.Replies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Gatehouse's addition to the {@code jb-drf-auth} contract: email and phone changes confirmed by a
 * code sent to the new address ({@code account/update/} refuses a new email or phone and points
 * here). jb-drf-auth has no such routes; {@code docs/HTTP.md} lists them as an addition.
 */
@RestController
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class JbContactController {
  static final String CODE_SENT =
      "Enviamos un código a la nueva dirección; el cambio se hace al confirmarlo.";

  private final ContractSupport support;

  JbContactController(ContractSupport support) {
    this.support = support;
  }

  /** {@code email}, optionally {@code password}: a code to the new address. */
  @PostMapping("/account/email/change/")
  void changeEmail(HttpServletRequest request, HttpServletResponse response) throws IOException {
    requestChange(request, response, Contact.EMAIL);
  }

  /** {@code email} and {@code code}: the new address becomes the account's; the user answers. */
  @PostMapping("/account/email/confirm/")
  void confirmEmail(HttpServletRequest request, HttpServletResponse response) throws IOException {
    confirmChange(request, response, Contact.EMAIL);
  }

  /** {@code phone}, optionally {@code password}: a code by SMS to the new number. */
  @PostMapping("/account/phone/change/")
  void changePhone(HttpServletRequest request, HttpServletResponse response) throws IOException {
    requestChange(request, response, Contact.PHONE);
  }

  /** {@code phone} and {@code code}: the new number becomes the account's; the user answers. */
  @PostMapping("/account/phone/confirm/")
  void confirmPhone(HttpServletRequest request, HttpServletResponse response) throws IOException {
    confirmChange(request, response, Contact.PHONE);
  }

  private static String address(DrfForm f, Contact contact) {
    return contact == Contact.EMAIL ? f.email("email", true) : f.chars("phone", true, false, 20);
  }

  private void requestChange(
      HttpServletRequest request, HttpServletResponse response, Contact contact)
      throws IOException {
    DrfForm f = DrfForm.read(request);
    String to = address(f, contact);
    String password = f.chars("password", false, false, 0);
    f.check();
    CodeSent sent = support.requestContactChange(request, contact, to, password);
    Replies.ok(ContractSupport.codeSent(CODE_SENT, sent)).send(response);
  }

  private void confirmChange(
      HttpServletRequest request, HttpServletResponse response, Contact contact)
      throws IOException {
    DrfForm f = DrfForm.read(request);
    String to = address(f, contact);
    String code = f.chars("code", true, false, 16);
    f.check();
    VerifiedAccessToken caller = support.confirmContactChange(request, contact, to, code);
    Me me = support.gatehouse().profiles().me(caller.userPublicId(), null);
    Replies.ok(JbShapes.user(me, JbSupport.userId(support, caller.userPublicId()))).send(response);
  }
}
