package dev.gatehouse.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.session.SignInResult.SignedIn;
import dev.gatehouse.saml.SamlSignIn.SamlRedirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The known attacks on a SAML service provider (issue 78 item 3), each refused with {@code
 * saml_response_invalid} and nothing of the sign-in written: the response is the test provider's,
 * valid until the one change the attack makes (the sign-in tests show the unchanged response signs
 * in). On the in-memory store, H2, PostgreSQL and MariaDB.
 */
class SamlAttacksTest {
  private static final SamlStores STORES = new SamlStores();

  @AfterAll
  static void close() {
    STORES.close();
  }

  private static SamlWorld world(String kind) {
    return new SamlWorld(STORES, kind, false, false);
  }

  private static String address(SamlWorld w) {
    return "u" + UUID.randomUUID().toString().substring(0, 6) + "@" + w.domain;
  }

  /** Starts a sign-in, posts the response {@code change} made, and answers the refusal. */
  static AuthException refusedWith(SamlWorld w, String email, Consumer<TestIdp.Spec> change) {
    SamlRedirect r = w.saml.start(email, SamlWorld.client());
    String response = SamlWorld.IDP.response(w.spec(email, r.requestId(), change));
    return refused(
        w, email, () -> w.saml.complete(w.org.id(), response, r.requestId(), SamlWorld.client()));
  }

  static AuthException refused(SamlWorld w, String email, ThrowingCallable call) {
    AuthException e = catchThrowableOfType(AuthException.class, call);
    assertThat(e).as("refused").isNotNull();
    assertThat(e.code()).isEqualTo(SamlErrors.SAML_RESPONSE_INVALID.code());
    assertThat(w.accountExists(email)).as("an account was written").isFalse();
    return e;
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void signatureWrappingWithAnUnsignedAssertionBesideTheSignedOneIsRefused(String kind) {
    SamlWorld w = world(kind);
    String victim = address(w);
    String attacker = address(w);
    refusedWith(
        w,
        attacker,
        s -> {
          s.email = victim;
          s.tamper = text -> wrapped(text, victim, attacker, false);
        });
    assertThat(w.accountExists(victim)).isFalse();
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void signatureWrappingWithTheSignedAssertionHiddenInExtensionsIsRefused(String kind) {
    SamlWorld w = world(kind);
    String victim = address(w);
    String attacker = address(w);
    refusedWith(
        w,
        attacker,
        s -> {
          s.email = victim;
          s.tamper = text -> wrapped(text, victim, attacker, true);
        });
    assertThat(w.accountExists(victim)).isFalse();
  }

  /**
   * Copies the signed assertion with the attacker's address and a new id, without its signature,
   * beside the original or with the original moved into the response's {@code Extensions}.
   */
  private static String wrapped(String text, String victim, String attacker, boolean hide) {
    int start = text.indexOf("<saml:Assertion");
    int end = text.indexOf("</saml:Assertion>") + "</saml:Assertion>".length();
    String signed = text.substring(start, end);
    String evil =
        signed
            .replaceAll("<ds:Signature.*</ds:Signature>", "")
            .replace(victim, attacker)
            .replaceFirst("ID=\"[^\"]+\"", "ID=\"_evil" + UUID.randomUUID() + "\"");
    if (!hide) {
      return text.substring(0, start) + evil + signed + text.substring(end);
    }
    String withoutSigned = text.substring(0, start) + evil + text.substring(end);
    return withoutSigned.replace(
        "<samlp:Status>", "<samlp:Extensions>" + signed + "</samlp:Extensions><samlp:Status>");
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aCommentInsideTheNameIdIsRefused(String kind) {
    SamlWorld w = world(kind);
    String victim = address(w);
    // The provider signs an address of the attacker's; the comment leaves the signature valid
    // (the canonical form drops it) and makes a parser that stops at it read the victim's.
    String signedFor = victim + ".attacker.example";
    refusedWith(
        w,
        victim,
        s -> {
          s.email = signedFor;
          s.tamper =
              text ->
                  text.replace(
                      ">" + signedFor + "</saml:NameID>",
                      ">" + victim + "<!---->.attacker.example</saml:NameID>");
        });
    assertThat(w.accountExists(signedFor)).isFalse();
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void anUnsignedAssertionInASignedResponseIsRefused(String kind) {
    SamlWorld w = world(kind);
    refusedWith(
        w,
        address(w),
        s -> {
          s.signAssertion = false;
          s.signResponse = true;
        });
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aResponseWithoutAnySignatureIsRefused(String kind) {
    SamlWorld w = world(kind);
    refusedWith(w, address(w), s -> s.signAssertion = false);
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void anAssertionReplayedIsRefusedWhileItIsValid(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, true);
    String email = address(w);
    // Unsolicited (the organisation allows them): no request is spent, only the assertion's memory
    // stands between the two posts.
    String response = SamlWorld.IDP.response(w.spec(email, null, s -> {}));
    assertThat(w.saml.complete(w.org.id(), response, null, SamlWorld.client()))
        .isInstanceOf(SignedIn.class);

    AuthException e =
        catchThrowableOfType(
            AuthException.class,
            () -> w.saml.complete(w.org.id(), response, null, SamlWorld.client()));

    assertThat(e.code()).isEqualTo(SamlErrors.SAML_RESPONSE_INVALID.code());
    assertThat(e.getMessage()).contains("used before");
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aResponseToARequestAnsweredAlreadyIsRefused(String kind) {
    SamlWorld w = world(kind);
    String email = address(w);
    SamlRedirect r = w.saml.start(email, SamlWorld.client());
    String first = SamlWorld.IDP.response(w.spec(email, r.requestId(), s -> {}));
    String second = SamlWorld.IDP.response(w.spec(address(w), r.requestId(), s -> {}));
    assertThat(w.saml.complete(w.org.id(), first, r.requestId(), SamlWorld.client()))
        .isInstanceOf(SignedIn.class);

    AuthException e =
        catchThrowableOfType(
            AuthException.class,
            () -> w.saml.complete(w.org.id(), second, r.requestId(), SamlWorld.client()));

    assertThat(e.code()).isEqualTo(SamlErrors.SAML_RESPONSE_INVALID.code());
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void anUnsolicitedResponseIsRefusedUnlessTheOrganisationAllowsThem(String kind) {
    SamlWorld w = world(kind);
    String email = address(w);
    String response = SamlWorld.IDP.response(w.spec(email, null, s -> {}));
    refused(w, email, () -> w.saml.complete(w.org.id(), response, null, SamlWorld.client()));
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void anAudienceOfAnotherServiceProviderIsRefused(String kind) {
    SamlWorld w = world(kind);
    refusedWith(w, address(w), s -> s.audience = "https://other-sp.example.test/saml/metadata/");
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aRecipientOfAnotherServiceProviderIsRefused(String kind) {
    SamlWorld w = world(kind);
    refusedWith(w, address(w), s -> s.recipient = "https://other-sp.example.test/saml/acs/");
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aDestinationOfAnotherServiceProviderIsRefused(String kind) {
    SamlWorld w = world(kind);
    refusedWith(w, address(w), s -> s.destination = "https://other-sp.example.test/saml/acs/");
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void anAssertionExpiredByTheClockIsRefused(String kind) {
    SamlWorld w = world(kind);
    String email = address(w);
    SamlRedirect r = w.saml.start(email, SamlWorld.client());
    String response = SamlWorld.IDP.response(w.spec(email, r.requestId(), s -> {}));
    // Valid five minutes (and the provider's clock three more); the request stays for ten.
    w.g.clock.advance(Duration.ofMinutes(9));

    AuthException e =
        refused(
            w,
            email,
            () -> w.saml.complete(w.org.id(), response, r.requestId(), SamlWorld.client()));

    assertThat(e.getMessage()).contains("expired");
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void anAssertionNotYetValidIsRefused(String kind) {
    SamlWorld w = world(kind);
    AuthException e =
        refusedWith(
            w, address(w), s -> s.notBefore = w.g.clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(e.getMessage()).contains("valid from");
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void anInResponseToOfNoRequestIsRefused(String kind) {
    SamlWorld w = world(kind);
    String email = address(w);
    // The browser's cookie names the made-up request too: only the remembered requests count.
    String madeUp = "ONELOGIN_" + UUID.randomUUID();
    String response = SamlWorld.IDP.response(w.spec(email, madeUp, s -> {}));
    AuthException e =
        refused(w, email, () -> w.saml.complete(w.org.id(), response, madeUp, SamlWorld.client()));
    assertThat(e.getMessage()).contains("no request");
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aCertificateTheOrganisationDidNotConfigureIsRefused(String kind) {
    SamlWorld w = world(kind);
    refusedWith(w, address(w), s -> s.signer = TestKeys.named("stranger"));
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void anExternalEntityIsRefusedAndNotFetched(String kind) throws Exception {
    SamlWorld w = world(kind);
    AtomicInteger fetched = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          fetched.incrementAndGet();
          exchange.sendResponseHeaders(200, 0);
          exchange.getResponseBody().close();
        });
    server.start();
    try {
      String dtd = "http://127.0.0.1:" + server.getAddress().getPort() + "/evil.dtd";
      // An external DTD names no entity, which java-saml's own text check looks for.
      refusedWith(
          w,
          address(w),
          s -> s.tamper = text -> "<!DOCTYPE samlp:Response SYSTEM \"" + dtd + "\">" + text);
      refusedWith(
          w,
          address(w),
          s ->
              s.tamper =
                  text ->
                      "<!DOCTYPE samlp:Response [<!ENTITY x SYSTEM \""
                          + dtd
                          + "\">]>"
                          + text.replace("<samlp:Status>", "<samlp:Status>&x;"));
    } finally {
      server.stop(0);
    }
    assertThat(fetched.get()).as("requests to the attacker's address").isZero();
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void entityExpansionIsRefused(String kind) {
    SamlWorld w = world(kind);
    StringBuilder doctype = new StringBuilder("<!DOCTYPE samlp:Response [<!ENTITY a0 \"lol\">");
    for (int i = 1; i < 10; i++) {
      String prev = "&a" + (i - 1) + ";";
      doctype.append("<!ENTITY a").append(i).append(" \"").append(prev.repeat(10)).append("\">");
    }
    doctype.append("]>");
    refusedWith(
        w,
        address(w),
        s -> s.tamper = text -> doctype + text.replace("<samlp:Status>", "<samlp:Status>&a9;"));
  }
}
