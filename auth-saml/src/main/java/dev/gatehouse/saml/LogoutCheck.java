package dev.gatehouse.saml;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks a provider's logout request (HTTP-Redirect binding), with nothing written, and makes the
 * answer: the XML read without a document type ({@link SamlXml}), then java-saml's validation in
 * strict mode with messages required signed (the query's {@code Signature} by one of the
 * organisation's certificates, over {@code SAMLRequest}, {@code RelayState} and {@code SigAlg}; the
 * issuer; this address as destination; {@code NotOnOrAfter}; the schema).
 */
final class LogoutCheck {
  private LogoutCheck() {}

  /**
   * A logout request that passed.
   *
   * @param id its id, which the response answers
   * @param nameId the subject whose sessions end
   * @param sessionIndexes the provider's sessions it names; empty for all of the subject's
   */
  record Verified(String id, String nameId, List<String> sessionIndexes) {
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
      ServiceProvider.@Nullable Key key) {
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
    SamlXml.parse(xml, SamlErrors.SAML_RESPONSE_INVALID);
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    query.forEach((name, value) -> parameters.put(name, List.of(value)));
    LogoutRequest request = new LogoutRequest(settings, new HttpRequest(address, parameters));
    if (!request.isValid()) {
      throw ResponseCheck.refused(String.valueOf(request.getError()));
    }
    try {
      String nameId = LogoutRequest.getNameId(xml, key == null ? null : key.privateKey(), true);
      if (nameId == null || nameId.isBlank()) {
        throw ResponseCheck.refused("the logout request names no subject");
      }
      return new Verified(request.getId(), nameId, LogoutRequest.getSessionIndexes(xml, true));
    } catch (RejectedInputException e) {
      throw e;
    } catch (Exception e) {
      throw ResponseCheck.refused("the logout request's subject cannot be read");
    }
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
