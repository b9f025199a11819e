package dev.gatehouse.saml;

import com.onelogin.saml2.exception.ValidationError;
import com.onelogin.saml2.settings.Saml2Settings;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import javax.xml.xpath.XPathExpressionException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.w3c.dom.Text;

/**
 * Checks one identity provider's response, with nothing written: the XML read without a document
 * type ({@link SamlXml}), the algorithm policy ({@link SamlAlgorithms}: the key transport before
 * anything is decrypted, the signatures of the response as validated), then java-saml's validation
 * in strict mode (one assertion, its signature by a configured certificate over the element the
 * reads use, so a wrapped copy is refused; the schema; issuer, audience, destination, recipient;
 * {@code InResponseTo}), the times by the module's clock ({@link ProviderResponse}), and the
 * address from a {@code NameID} or attribute value that holds text only: a comment inside it is
 * refused, whatever a parser would make of the text around it.
 */
final class ResponseCheck {
  /** Longer than any provider's response; a bigger post is refused before it is decoded. */
  static final int MAX_LENGTH = 400_000;

  /**
   * A response that passed.
   *
   * @param email the address it proves
   * @param assertionKey the assertion's key in the replay memory (its issuer and id, hashed)
   * @param expires until when a replay of it matters
   * @param inResponseTo the request it answers, or null when unsolicited
   * @param nameId the subject's {@code NameID}, which the provider's logout names
   * @param sessionIndex the provider's session, which its logout may name, or null
   */
  record Verified(
      String email,
      String assertionKey,
      Instant expires,
      @Nullable String inResponseTo,
      String nameId,
      @Nullable String sessionIndex) {
    @Override
    public String toString() {
      return "Verified[inResponseTo=" + inResponseTo + "]";
    }
  }

  private ResponseCheck() {}

  /** {@return the response's {@code InResponseTo}, read before validation (to find its request)} */
  static @Nullable String inResponseTo(String base64) {
    Document doc = SamlXml.parse(decode(base64), SamlErrors.SAML_RESPONSE_INVALID);
    Element root = doc.getDocumentElement();
    return root.hasAttribute("InResponseTo") ? root.getAttribute("InResponseTo") : null;
  }

  /**
   * @throws RejectedInputException {@code saml_response_invalid} when refused
   */
  static Verified verify(
      Saml2Settings settings,
      String acs,
      String base64,
      @Nullable String inResponseTo,
      @Nullable String emailAttribute,
      Clock clock) {
    // Parsed here first: a document type is refused before java-saml's own parser sees it.
    Document received = SamlXml.parse(decode(base64), SamlErrors.SAML_RESPONSE_INVALID);
    SamlAlgorithms.checkKeyTransports(received);
    ProviderResponse r;
    try {
      r = new ProviderResponse(settings, acs, base64, clock);
    } catch (Exception e) {
      // java-saml's parse, decryption and setting errors: the response cannot be read.
      throw refused("the response cannot be read or decrypted");
    }
    // The decrypted assertion's signature too, which the received document hides.
    SamlAlgorithms.checkSignatures(r.document());
    if (!r.isValid(inResponseTo)) {
      throw refused(String.valueOf(r.getError()));
    }
    try {
      String nameId = nameId(r);
      String email = emailAttribute == null ? nameId : attribute(r, emailAttribute);
      String assertionId = r.getAssertionId();
      if (assertionId == null || assertionId.isEmpty()) {
        throw refused("the assertion has no id");
      }
      return new Verified(
          email,
          SamlTables.replayKey(settings.getIdpEntityId(), assertionId),
          r.expires(),
          inResponseTo,
          nameId,
          r.getSessionIndex());
    } catch (XPathExpressionException | ValidationError e) {
      throw refused("the assertion cannot be read");
    }
  }

  private static String nameId(ProviderResponse r) throws XPathExpressionException {
    NodeList ids = r.assertion("/saml:Subject/saml:NameID");
    if (ids.getLength() != 1) {
      throw refused("the assertion's subject has not exactly one NameID");
    }
    return text(ids.item(0), "NameID");
  }

  private static String attribute(ProviderResponse r, String name) throws XPathExpressionException {
    NodeList attributes = r.assertion("/saml:AttributeStatement/saml:Attribute");
    Node found = null;
    for (int i = 0; i < attributes.getLength(); i++) {
      Element a = (Element) attributes.item(i);
      if (name.equals(a.getAttribute("Name"))) {
        if (found != null) {
          throw refused("the attribute " + name + " appears twice");
        }
        found = a;
      }
    }
    if (found == null) {
      throw refused("the assertion has no attribute " + name);
    }
    NodeList values =
        ((Element) found)
            .getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "AttributeValue");
    if (values.getLength() != 1) {
      throw refused("the attribute " + name + " has not exactly one value");
    }
    return text(values.item(0), name);
  }

  /**
   * The element's text, when it holds text only: a comment, a processing instruction or an element
   * inside it is refused (the signature's canonical form drops comments, so one inside a signed
   * {@code NameID} changes what a parser that stops at it reads, unsigned).
   */
  private static String text(Node element, String what) {
    StringBuilder b = new StringBuilder();
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Text t)) {
        throw refused("the " + what + " holds a comment or markup besides its text");
      }
      b.append(t.getData());
    }
    String value = b.toString().strip();
    if (value.isEmpty() || value.length() > 320) {
      throw refused("the " + what + " is empty or too long");
    }
    return value;
  }

  private static String decode(String base64) {
    if (base64 == null || base64.isEmpty() || base64.length() > MAX_LENGTH) {
      throw refused("the response is missing or too long");
    }
    try {
      return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw refused("the response is not base64");
    }
  }

  static RejectedInputException refused(String why) {
    return new RejectedInputException(SamlErrors.SAML_RESPONSE_INVALID, why);
  }
}
