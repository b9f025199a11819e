package dev.gatehouse.saml;

import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.exception.SettingsException;
import com.onelogin.saml2.exception.ValidationError;
import com.onelogin.saml2.settings.Saml2Settings;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathExpressionException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * java-saml's response, with its times judged by the module's clock: the assertion's {@code
 * Conditions} and every {@code SubjectConfirmationData} (java-saml reads the system clock, and its
 * own {@code Conditions} check looks at the encrypted document, where an encrypted assertion's are
 * not). Read from the assertion java-saml validates: the signed one, decrypted when it came
 * encrypted.
 */
final class ProviderResponse extends SamlResponse {
  private final transient Clock clock;

  ProviderResponse(Saml2Settings settings, String acs, String base64, Clock clock)
      throws XPathExpressionException,
          ParserConfigurationException,
          SAXException,
          IOException,
          SettingsException,
          ValidationError {
    super(settings, acs, base64);
    this.clock = clock;
  }

  @Override
  public boolean validateTimestamps() throws ValidationError {
    Instant now = clock.instant();
    try {
      for (String path :
          new String[] {
            "/saml:Conditions",
            "/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData"
          }) {
        NodeList nodes = queryAssertion(path);
        for (int i = 0; i < nodes.getLength(); i++) {
          Element e = (Element) nodes.item(i);
          Optional<Instant> before = SamlTime.read(e, "NotBefore");
          Optional<Instant> after = SamlTime.read(e, "NotOnOrAfter");
          if (after.isPresent() && SamlTime.expired(now, after.get())) {
            throw new ValidationError(
                "the assertion expired at " + after.get(), ValidationError.ASSERTION_EXPIRED);
          }
          if (before.isPresent() && SamlTime.early(now, before.get())) {
            throw new ValidationError(
                "the assertion is valid from " + before.get(), ValidationError.ASSERTION_TOO_EARLY);
          }
        }
      }
    } catch (XPathExpressionException e) {
      throw new ValidationError(
          "the assertion's times cannot be read", ValidationError.INVALID_XML_FORMAT);
    }
    return true;
  }

  /**
   * {@return the latest {@code NotOnOrAfter} of the assertion, the last moment a replay matters}
   */
  Instant expires() throws XPathExpressionException, ValidationError {
    Instant latest = clock.instant();
    for (String path :
        new String[] {
          "/saml:Conditions", "/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData"
        }) {
      NodeList nodes = queryAssertion(path);
      for (int i = 0; i < nodes.getLength(); i++) {
        Optional<Instant> after = SamlTime.read((Element) nodes.item(i), "NotOnOrAfter");
        if (after.isPresent() && after.get().isAfter(latest)) {
          latest = after.get();
        }
      }
    }
    return latest.plus(SamlTime.DRIFT);
  }

  /** {@return the response as validated: with its assertion decrypted when it came encrypted} */
  Document document() {
    return getSAMLResponseDocument();
  }

  /** {@return the elements at {@code path} below the validated assertion} */
  NodeList assertion(String path) throws XPathExpressionException {
    return queryAssertion(path);
  }
}
