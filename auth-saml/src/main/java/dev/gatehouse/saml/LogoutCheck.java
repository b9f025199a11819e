package dev.gatehouse.saml;

import com.onelogin.saml2.exception.ValidationError;
import com.onelogin.saml2.http.HttpRequest;
import com.onelogin.saml2.logout.LogoutRequest;
import com.onelogin.saml2.logout.LogoutResponse;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.util.Util;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Checks a provider's logout request (HTTP-Redirect binding), with nothing written, and makes the
 * answer: the XML read without a document type ({@link SamlXml}), the algorithm policy ({@link
 * SamlAlgorithms}: the query's {@code SigAlg}, any signature inside, the key of an encrypted {@code
 * NameID}), then java-saml's validation in strict mode with messages required signed (the query's
 * {@code Signature} by one of the organisation's certificates, over {@code SAMLRequest}, {@code
 * RelayState} and {@code SigAlg}; the issuer; this address as destination; the schema), and its
 * times by the module's clock: issued within {@link #MAX_AGE} before now and not ahead of it, each
 * give or take {@link SamlTime#DRIFT}, and before its {@code NotOnOrAfter} when it has one. That it
 * works once is the caller's to keep, by {@link Verified#replayKey()} until {@link
 * Verified#expires()}.
 */
final class LogoutCheck {
  /**
   * How long after it is issued a logout request is obeyed (besides {@link SamlTime#DRIFT}): it
   * travels by one redirect of the member's browser, so minutes are plenty, and its signed address
   * stays in the browser's history, logs and {@code Referer} long after.
   */
  static final Duration MAX_AGE = Duration.ofMinutes(5);

  private LogoutCheck() {}

  /**
   * A logout request that passed.
   *
   * @param id its id, which the response answers
   * @param replayKey its key in the replay memory (its issuer and id, hashed)
   * @param expires when it is refused anyway, the last moment a replay matters
   * @param nameId the subject whose sessions end
   * @param sessionIndexes the provider's sessions it names; empty for all of the subject's
   */
  record Verified(
      String id, String replayKey, Instant expires, String nameId, List<String> sessionIndexes) {
    @Override
    public String toString() {
      return "Verified[id=" + id + "]";
    }
  }

  /**
   * @throws RejectedInputException {@code saml_response_invalid} when refused
   */
  static Verified verify(
      Saml2Settings settings,
      String address,
      Map<String, String> query,
      ServiceProvider.@Nullable Key key,
      Clock clock) {
    String encoded = query.get("SAMLRequest");
    if (encoded == null || encoded.isEmpty() || encoded.length() > ResponseCheck.MAX_LENGTH) {
      throw ResponseCheck.refused("the logout request is missing or too long");
    }
    String xml;
    try {
      xml = Util.base64decodedInflated(encoded);
    } catch (RuntimeException e) {
      throw ResponseCheck.refused("the logout request cannot be read");
    }
    // Parsed here first: a document type is refused before java-saml's own parser sees it.
    Document doc = SamlXml.parse(xml, SamlErrors.SAML_RESPONSE_INVALID);
    SamlAlgorithms.checkQuerySignature(query.get("SigAlg"));
    SamlAlgorithms.checkSignatures(doc);
    SamlAlgorithms.checkKeyTransports(doc);
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    query.forEach((name, value) -> parameters.put(name, List.of(value)));
    LogoutRequest request = new LogoutRequest(settings, new HttpRequest(address, parameters));
    if (!request.isValid()) {
      throw ResponseCheck.refused(String.valueOf(request.getError()));
    }
    String id = request.getId();
    if (id == null || id.isBlank()) {
      throw ResponseCheck.refused("the logout request has no id");
    }
    Instant expires = expires(doc.getDocumentElement(), clock.instant());
    try {
      String nameId = LogoutRequest.getNameId(xml, key == null ? null : key.privateKey(), true);
      if (nameId == null || nameId.isBlank()) {
        throw ResponseCheck.refused("the logout request names no subject");
      }
      return new Verified(
          id,
          SamlTables.replayKey(settings.getIdpEntityId(), id),
          expires,
          nameId,
          LogoutRequest.getSessionIndexes(xml, true));
    } catch (RejectedInputException e) {
      throw e;
    } catch (Exception e) {
      throw ResponseCheck.refused("the logout request's subject cannot be read");
    }
  }

  /**
   * Judges the request's times at {@code now}.
   *
   * @return when it is refused anyway: {@link #MAX_AGE} and {@link SamlTime#DRIFT} after it was
   *     issued, or its {@code NotOnOrAfter} (and the drift) when that is earlier
   * @throws RejectedInputException when it is issued ahead of now or too long ago, or expired
   */
  private static Instant expires(Element root, Instant now) {
    Instant issued;
    Optional<Instant> notOnOrAfter;
    try {
      issued =
          SamlTime.read(root, "IssueInstant")
              .orElseThrow(() -> ResponseCheck.refused("the logout request has no IssueInstant"));
      notOnOrAfter = SamlTime.read(root, "NotOnOrAfter");
    } catch (ValidationError e) {
      throw ResponseCheck.refused("the logout request's " + e.getMessage());
    }
    Instant stale = issued.plus(MAX_AGE);
    if (SamlTime.early(now, issued) || SamlTime.expired(now, stale)) {
      throw ResponseCheck.refused(
          "the logout request was issued at " + issued + ", not within " + MAX_AGE + " before now");
    }
    if (notOnOrAfter.isPresent() && SamlTime.expired(now, notOnOrAfter.get())) {
      throw ResponseCheck.refused("the logout request expired at " + notOnOrAfter.get());
    }
    return notOnOrAfter.filter(n -> n.isBefore(stale)).orElse(stale).plus(SamlTime.DRIFT);
  }

  /** {@return the provider's single logout address with the response to {@code request}} */
  static URI answer(
      Saml2Settings settings, URI providerLogout, Verified request, @Nullable String relayState) {
    LogoutResponse response = new LogoutResponse(settings, (HttpRequest) null);
    response.build(request.id());
    String encoded;
    try {
      encoded = response.getEncodedLogoutResponse();
    } catch (IOException e) {
      throw new IllegalStateException("the logout response cannot be deflated", e);
    }
    String target = providerLogout.toString();
    StringBuilder b =
        new StringBuilder(target)
            .append(target.contains("?") ? '&' : '?')
            .append("SAMLResponse=")
            .append(URLEncoder.encode(encoded, StandardCharsets.UTF_8));
    if (relayState != null && !relayState.isEmpty()) {
      b.append("&RelayState=").append(URLEncoder.encode(relayState, StandardCharsets.UTF_8));
    }
    return URI.create(b.toString());
  }
}
