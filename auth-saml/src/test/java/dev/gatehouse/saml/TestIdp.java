package dev.gatehouse.saml;

import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.encryption.EncryptedData;
import org.apache.xml.security.encryption.EncryptedKey;
import org.apache.xml.security.encryption.XMLCipher;
import org.apache.xml.security.keys.KeyInfo;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * An identity provider of the tests: its metadata, and responses signed with Apache Santuario
 * (through java-saml's own signing utility) by a key generated at test time, each part of which a
 * test may change to play an attacker or a careless provider.
 */
final class TestIdp {
  static final String ENTITY_ID = "https://idp.example.test/saml";
  static final String SSO_URL = "https://idp.example.test/sso";
  static final String SLO_URL = "https://idp.example.test/slo";

  final TestKeys.Pair key = TestKeys.named("idp");

  static {
    org.apache.xml.security.Init.init();
  }

  String metadata() {
    return """
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
            xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="%s">
          <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
            <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>
              <ds:X509Certificate>%s</ds:X509Certificate>
            </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
            <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
                Location="%s"/>
            <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
                Location="%s"/>
          </md:IDPSSODescriptor>
        </md:EntityDescriptor>
        """
        .formatted(ENTITY_ID, base64(key.certificate()), SLO_URL, SSO_URL);
  }

  /**
   * A logout request for {@code nameId} to the service provider's single logout address, issued
   * {@code now}, as the HTTP-Redirect binding's query: deflated, base64, and signed over the query
   * by {@code signer} with RSA-SHA256 (unsigned when it is null).
   */
  java.util.Map<String, String> logout(
      String destination, String nameId, Instant now, TestKeys.@Nullable Pair signer) {
    Logout l = new Logout(destination, nameId, now);
    l.signer = signer;
    return logout(l);
  }

  /** One logout request's parts, each changeable by a test. */
  static final class Logout {
    String id = "_" + UUID.randomUUID();
    String destination;
    String nameId;
    Instant issued;
    @Nullable Instant notOnOrAfter;
    TestKeys.@Nullable Pair signer;
    String sigAlg = Constants.RSA_SHA256;

    /** When set, the {@code NameID} goes as an {@code EncryptedID} to this certificate. */
    @Nullable X509Certificate encryptTo;

    String keyTransport = XMLCipher.RSA_OAEP;

    Logout(String destination, String nameId, Instant issued) {
      this.destination = destination;
      this.nameId = nameId;
      this.issued = issued;
    }
  }

  /** {@return the logout request {@code l} describes, as the HTTP-Redirect binding's query} */
  java.util.Map<String, String> logout(Logout l) {
    String expiry = l.notOnOrAfter == null ? "" : " NotOnOrAfter=\"" + l.notOnOrAfter + "\"";
    String xml =
        ("<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"%s\""
                + " Version=\"2.0\" IssueInstant=\"%s\"%s Destination=\"%s\">"
                + "<saml:Issuer>%s</saml:Issuer><saml:NameID>%s</saml:NameID>"
                + "</samlp:LogoutRequest>")
            .formatted(l.id, l.issued, expiry, l.destination, ENTITY_ID, l.nameId);
    if (l.encryptTo != null) {
      try {
        Document doc = parse(xml);
        Element nameId = (Element) doc.getElementsByTagNameNS(Constants.NS_SAML, "NameID").item(0);
        encrypt(doc, nameId, "saml:EncryptedID", l.encryptTo, l.keyTransport);
        xml = write(doc);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    java.util.zip.Deflater deflater =
        new java.util.zip.Deflater(java.util.zip.Deflater.DEFLATED, true);
    deflater.setInput(xml.getBytes(StandardCharsets.UTF_8));
    deflater.finish();
    byte[] buffer = new byte[16384];
    int length = deflater.deflate(buffer);
    deflater.end();
    String request = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer, length));
    java.util.Map<String, String> query = new java.util.LinkedHashMap<>();
    query.put("SAMLRequest", request);
    if (l.signer == null) {
      return query;
    }
    String signed =
        "SAMLRequest=" + Util.urlEncoder(request) + "&SigAlg=" + Util.urlEncoder(l.sigAlg);
    try {
      java.security.Signature rsa =
          java.security.Signature.getInstance(
              l.sigAlg.equals(Constants.RSA_SHA1) ? "SHA1withRSA" : "SHA256withRSA");
      rsa.initSign(l.signer.privateKey());
      rsa.update(signed.getBytes(StandardCharsets.UTF_8));
      query.put("SigAlg", l.sigAlg);
      query.put("Signature", Base64.getEncoder().encodeToString(rsa.sign()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return query;
  }

  /** One response's parts, each changeable by a test. */
  static final class Spec {
    String issuer = ENTITY_ID;
    String email;
    String audience;
    String recipient;
    String destination;
    @Nullable String inResponseTo;
    Instant issued;
    Instant notBefore;
    Instant notOnOrAfter;
    String assertionId = "_a" + UUID.randomUUID();
    boolean signAssertion = true;
    boolean signResponse = false;
    TestKeys.Pair signer;
    String signatureAlgorithm = Constants.RSA_SHA256;
    String digestAlgorithm = Constants.SHA256;

    /** The digest of the response's own signature, when {@link #signResponse}. */
    String responseDigestAlgorithm = Constants.SHA256;

    @Nullable X509Certificate encryptTo;

    /** How the assertion's key is sent to {@link #encryptTo}: RSA-OAEP unless a test changes it. */
    String keyTransport = XMLCipher.RSA_OAEP;

    /** Applied to the signed (and encrypted) response's text, as an attacker on the way would. */
    UnaryOperator<String> tamper = s -> s;

    Spec(String email, String spEntityId, String acs, @Nullable String inResponseTo, Instant now) {
      this.email = email;
      this.audience = spEntityId;
      this.recipient = acs;
      this.destination = acs;
      this.inResponseTo = inResponseTo;
      this.issued = now;
      this.notBefore = now.minusSeconds(30);
      this.notOnOrAfter = now.plusSeconds(300);
    }
  }

  Spec spec(
      String email, String spEntityId, String acs, @Nullable String inResponseTo, Instant now) {
    Spec s = new Spec(email, spEntityId, acs, inResponseTo, now);
    s.signer = key;
    return s;
  }

  /** {@return the response, base64, as the browser posts it} */
  String response(Spec s) {
    try {
      String irt = s.inResponseTo == null ? "" : " InResponseTo=\"" + s.inResponseTo + "\"";
      String assertion =
          """
          <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"
              xmlns:xs="http://www.w3.org/2001/XMLSchema"
              xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
              ID="%s" Version="2.0" IssueInstant="%s"><saml:Issuer>%s</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">%s</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="%s" Recipient="%s"%s/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="%s" NotOnOrAfter="%s"><saml:AudienceRestriction><saml:Audience>%s</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="%s" SessionIndex="_s%s"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement><saml:Attribute Name="mail"><saml:AttributeValue xsi:type="xs:string">%s</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion>"""
              .formatted(
                  s.assertionId,
                  s.issued,
                  s.issuer,
                  s.email,
                  s.notOnOrAfter,
                  s.recipient,
                  irt,
                  s.notBefore,
                  s.notOnOrAfter,
                  s.audience,
                  s.issued,
                  UUID.randomUUID(),
                  s.email);
      if (s.signAssertion) {
        assertion =
            Util.addSign(
                parse(assertion).getDocumentElement(),
                s.signer.privateKey(),
                s.signer.certificate(),
                s.signatureAlgorithm,
                s.digestAlgorithm);
        assertion = assertion.replaceFirst("^<\\?xml[^>]*\\?>", "");
      }
      String response =
          """
          <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r%s" Version="2.0" IssueInstant="%s" Destination="%s"%s><saml:Issuer>%s</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>%s</samlp:Response>"""
              .formatted(UUID.randomUUID(), s.issued, s.destination, irt, s.issuer, assertion);
      Document doc = parse(response);
      if (s.encryptTo != null) {
        Element assertionElement =
            (Element) doc.getElementsByTagNameNS(Constants.NS_SAML, "Assertion").item(0);
        encrypt(doc, assertionElement, "saml:EncryptedAssertion", s.encryptTo, s.keyTransport);
      }
      String text;
      if (s.signResponse) {
        text =
            Util.addSign(
                doc,
                s.signer.privateKey(),
                s.signer.certificate(),
                Constants.RSA_SHA256,
                s.responseDigestAlgorithm);
      } else {
        text = write(doc);
      }
      text = s.tamper.apply(text);
      return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Replaces {@code element} by a {@code wrapper} ({@code saml:EncryptedAssertion}, {@code
   * saml:EncryptedID}) holding it encrypted with AES-128 under a key sent to {@code to} by {@code
   * keyTransport}.
   */
  private static void encrypt(
      Document doc, Element element, String wrapperName, X509Certificate to, String keyTransport)
      throws Exception {
    Element wrapper = doc.createElementNS(Constants.NS_SAML, wrapperName);
    element.getParentNode().replaceChild(wrapper, element);
    wrapper.appendChild(element);
    KeyGenerator g = KeyGenerator.getInstance("AES");
    g.init(128);
    SecretKey aes = g.generateKey();
    XMLCipher keyCipher = XMLCipher.getInstance(keyTransport);
    keyCipher.init(XMLCipher.WRAP_MODE, to.getPublicKey());
    EncryptedKey encryptedKey = keyCipher.encryptKey(doc, aes);
    XMLCipher cipher = XMLCipher.getInstance(XMLCipher.AES_128);
    cipher.init(XMLCipher.ENCRYPT_MODE, aes);
    EncryptedData data = cipher.getEncryptedData();
    KeyInfo info = new KeyInfo(doc);
    info.add(encryptedKey);
    data.setKeyInfo(info);
    cipher.doFinal(doc, element, false);
  }

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new InputSource(new java.io.StringReader(xml)));
  }

  static String write(Document doc) throws Exception {
    var t = TransformerFactory.newInstance().newTransformer();
    t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
    StringWriter w = new StringWriter();
    t.transform(new DOMSource(doc), new StreamResult(w));
    return w.toString();
  }

  static String base64(X509Certificate c) {
    try {
      return Base64.getEncoder().encodeToString(c.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
