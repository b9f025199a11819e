package dev.gatehouse.spring.web.internal.modules;

import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.magiclink.MagicLinkService;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.JsonBody;
import dev.gatehouse.spring.web.internal.shared.Reply;
import dev.gatehouse.spring.web.internal.shared.SecondStepAnswer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in by emailed link over JSON, served when {@code auth-magic-link} is on the class path: a
 * link asked for here has no browser binding, so it works on any device (an app opens it, or the
 * user types its code). Answers as the other sign-ins do: the login answer, or the second step.
 */
@RestController
@ConditionalOnClass(name = "dev.gatehouse.magiclink.MagicLinkService")
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class MagicLinkController {
  static final String REQUESTED = "If this address can sign in, a link is on its way.";

  private final ContractSupport support;

  MagicLinkController(ContractSupport support) {
    this.support = support;
  }

  @PostMapping("/magic-link/request/")
  void request(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String email = ContractJson.read(request).string("email");
    links().requestLink(email, null, ContractSupport.anonymous(request));
    ContractSupport.detail(REQUESTED).send(response);
  }

  @PostMapping("/magic-link/sign-in/")
  void signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonBody b = ContractJson.read(request);
    ClientInfo client = ContractSupport.loginClient(request, b);
    answer(client, links().signInWithLink(b.string("token"), null, client)).send(response);
  }

  @PostMapping("/magic-link/code/")
  void code(HttpServletRequest request, HttpServletResponse response) throws IOException {
    JsonBody b = ContractJson.read(request);
    ClientInfo client = ContractSupport.loginClient(request, b);
    answer(client, links().signInWithCode(b.string("email"), b.string("code"), client))
        .send(response);
  }

  private MagicLinkService links() {
    return support.gatehouse().feature(MagicLinkService.class);
  }

  private Reply answer(ClientInfo client, SignInResult result) {
    return support.loginAnswer(client, SecondStepAnswer.signedIn(result));
  }
}
