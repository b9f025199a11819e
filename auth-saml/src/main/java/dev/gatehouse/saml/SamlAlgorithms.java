package dev.gatehouse.saml;

import com.onelogin.saml2.util.Constants;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.xml.security.encryption.XMLCipher;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The module's one algorithm policy, for every message a provider sends (a response, its
 * assertions, a logout request), checked before the message is trusted:
 *
 * <ul>
 *   <li>a signature by RSA with SHA-256, SHA-384 or SHA-512 ({@code xmldsig-more#rsa-sha256},
 *       {@code #rsa-sha384}, {@code #rsa-sha512}), in the document and as the HTTP-Redirect
 *       binding's {@code SigAlg}; so no RSA-SHA1 nor DSA-SHA1;
 *   <li>every {@code Reference} of every signature digested with SHA-256, SHA-384 or SHA-512: a
 *       strong signature over a SHA-1 digest is as weak as SHA-1, since the signature covers only
 *       the digest;
 *   <li>an encrypted element's key sent by RSA-OAEP only, under either identifier: {@code
 *       xmlenc#rsa-oaep-mgf1p} (MGF1 with SHA-1) and {@code xmlenc11#rsa-oaep} (its mask function
 *       named, MGF1 with SHA-1 by default). OAEP's own digest is not a signature's: its security
 *       does not rest on collisions, so SHA-1 there is accepted as every identity provider sends
 *       it. RSA PKCS#1 v1.5 ({@code xmlenc#rsa-1_5}) is refused before anything is decrypted: a
 *       decryption with it answers differently on a malformed padding, the oracle of
 *       Bleichenbacher's attack.
 * </ul>
 *
 * java-saml's own check ({@code rejectDeprecatedAlg}) looks at the signature method only, so a
 * SHA-1 digest under an RSA-SHA256 signature and any key transport passed it.
 */
final class SamlAlgorithms {
  private static final String DS = "http://www.w3.org/2000/09/xmldsig#";
  private static final String XENC = "http://www.w3.org/2001/04/xmlenc#";

  static final Set<String> SIGNATURES =
      Set.of(Constants.RSA_SHA256, Constants.RSA_SHA384, Constants.RSA_SHA512);
  static final Set<String> DIGESTS = Set.of(Constants.SHA256, Constants.SHA384, Constants.SHA512);
  static final Set<String> KEY_TRANSPORTS = Set.of(XMLCipher.RSA_OAEP, XMLCipher.RSA_OAEP_11);

  private SamlAlgorithms() {}

  /**
   * Checks the signature algorithm of the HTTP-Redirect binding's query.
   *
   * @throws RejectedInputException {@code saml_response_invalid} when it is missing or refused
   */
  static void checkQuerySignature(@Nullable String sigAlg) {
    if (sigAlg == null || !SIGNATURES.contains(sigAlg)) {
      throw ResponseCheck.refused(
          "the signature algorithm " + sigAlg + " is refused: RSA with SHA-256 or stronger only");
    }
  }

  /**
   * Checks every signature in {@code doc}: its method, and the digest of each of its references.
   *
   * @throws RejectedInputException {@code saml_response_invalid} for a method below SHA-256
   */
  static void checkSignatures(Document doc) {
    for (Element method : elements(doc, DS, "SignatureMethod")) {
      String algorithm = method.getAttribute("Algorithm");
      if (!SIGNATURES.contains(algorithm)) {
        throw ResponseCheck.refused(
            "the signature method " + algorithm + " is refused: RSA with SHA-256 or stronger only");
      }
    }
    for (Element reference : elements(doc, DS, "Reference")) {
      Element digest = child(reference, DS, "DigestMethod");
      String algorithm = digest == null ? null : digest.getAttribute("Algorithm");
      if (algorithm == null || !DIGESTS.contains(algorithm)) {
        throw ResponseCheck.refused(
            "the signature's digest method " + algorithm + " is refused: SHA-256 or stronger only");
      }
    }
  }

  /**
   * Checks how the key of every encrypted element in {@code doc} is sent, before any decryption.
   *
   * @throws RejectedInputException {@code saml_response_invalid} for anything but RSA-OAEP
   */
  static void checkKeyTransports(Document doc) {
    for (Element key : elements(doc, XENC, "EncryptedKey")) {
      Element method = child(key, XENC, "EncryptionMethod");
      String algorithm = method == null ? null : method.getAttribute("Algorithm");
      if (algorithm == null || !KEY_TRANSPORTS.contains(algorithm)) {
        throw ResponseCheck.refused(
            "the key transport " + algorithm + " is refused: RSA-OAEP only");
      }
    }
  }

  private static List<Element> elements(Document doc, String namespace, String name) {
    NodeList found = doc.getElementsByTagNameNS(namespace, name);
    List<Element> list = new ArrayList<>(found.getLength());
    for (int i = 0; i < found.getLength(); i++) {
      list.add((Element) found.item(i));
    }
    return list;
  }

  private static @Nullable Element child(Element parent, String namespace, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && namespace.equals(e.getNamespaceURI())
          && name.equals(e.getLocalName())) {
        return e;
      }
    }
    return null;
  }
}
