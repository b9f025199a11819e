package dev.gatehouse.saml;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * An identity provider's metadata, as the module keeps it: one {@code EntityDescriptor} with one
 * {@code IDPSSODescriptor}, its HTTP-Redirect single sign-on address and its signing certificates
 * (a {@code KeyDescriptor} without {@code use}, or {@code use="signing"}; an encryption-only key
 * never checks a signature). Read by the module itself rather than java-saml's metadata parser,
 * which takes an encryption certificate as the signing one.
 *
 * @param entityId the provider's entity id
 * @param singleSignOnUrl the HTTP-Redirect single sign-on address
 * @param certificates the signing certificates
 * @param singleLogoutUrl the HTTP-Redirect single logout address, or {@code null} when the provider
 *     offers none
 */
record IdpMetadata(
    String entityId,
    URI singleSignOnUrl,
    List<X509Certificate> certificates,
    @Nullable URI singleLogoutUrl) {
  static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";
  static final String DS = "http://www.w3.org/2000/09/xmldsig#";
  static final String REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

  private static final int MAX_LENGTH = 200_000;

  IdpMetadata {
    certificates = List.copyOf(certificates);
  }

  /**
   * @param xml the metadata document
   * @return the provider
   * @throws RejectedInputException {@code invalid_settings} when it is not one provider's metadata
   *     as described
   */
  static IdpMetadata parse(String xml) {
    if (xml.length() > MAX_LENGTH) {
      throw invalid("the metadata document is longer than " + MAX_LENGTH + " characters");
    }
    Document doc = SamlXml.parse(xml, ErrorCode.INVALID_SETTINGS);
    Element root = doc.getDocumentElement();
    if (!MD.equals(root.getNamespaceURI()) || !"EntityDescriptor".equals(root.getLocalName())) {
      throw invalid("the metadata is not one EntityDescriptor");
    }
    String entityId = root.getAttribute("entityID").strip();
    if (entityId.isEmpty() || entityId.length() > 500) {
      throw invalid("the metadata names no entity id (or one over 500 characters)");
    }
    NodeList descriptors = root.getElementsByTagNameNS(MD, "IDPSSODescriptor");
    if (descriptors.getLength() != 1) {
      throw invalid("the metadata has not exactly one IDPSSODescriptor");
    }
    Element idp = (Element) descriptors.item(0);
    URI sso = null;
    URI slo = null;
    List<X509Certificate> certs = new ArrayList<>();
    for (Node n = idp.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element e) || !MD.equals(e.getNamespaceURI())) {
        continue;
      }
      if ("SingleSignOnService".equals(e.getLocalName())
          && REDIRECT.equals(e.getAttribute("Binding"))
          && sso == null) {
        sso = address(e.getAttribute("Location"));
      } else if ("SingleLogoutService".equals(e.getLocalName())
          && REDIRECT.equals(e.getAttribute("Binding"))
          && slo == null) {
        slo = address(e.getAttribute("Location"));
      } else if ("KeyDescriptor".equals(e.getLocalName())
          && (!e.hasAttribute("use") || "signing".equals(e.getAttribute("use")))) {
        NodeList values = e.getElementsByTagNameNS(DS, "X509Certificate");
        for (int i = 0; i < values.getLength(); i++) {
          certs.add(certificate(values.item(i).getTextContent()));
        }
      }
    }
    if (sso == null) {
      throw invalid("the metadata has no HTTP-Redirect SingleSignOnService");
    }
    if (certs.isEmpty() || certs.size() > 4) {
      throw invalid("the metadata has no signing certificate (or more than four)");
    }
    return new IdpMetadata(entityId, sso, certs, slo);
  }

  private static URI address(String location) {
    try {
      URI uri = new URI(location.strip());
      String scheme = uri.getScheme();
      if (!uri.isAbsolute()
          || uri.getHost() == null
          || uri.getRawUserInfo() != null
          || uri.getRawFragment() != null
          || !("https".equals(scheme) || "http".equals(scheme))
          || location.length() > 1000) {
        throw invalid("a service's address is not an absolute http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw invalid("a service's address is not a URL");
    }
  }

  /** A certificate from its base64 DER text (as in metadata, or as the module stores it). */
  static X509Certificate certificate(String base64) {
    try {
      byte[] der = Base64.getMimeDecoder().decode(base64.strip());
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | IllegalArgumentException | ClassCastException e) {
      throw invalid("a certificate of the metadata cannot be read");
    }
  }

  /** {@return the certificate as the module stores it: base64 DER on one line} */
  static String text(X509Certificate certificate) {
    try {
      return Base64.getEncoder().encodeToString(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@return the certificate's SHA-256 fingerprint, lower-case hex} */
  static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RejectedInputException invalid(String why) {
    return new RejectedInputException(ErrorCode.INVALID_SETTINGS, why);
  }
}
