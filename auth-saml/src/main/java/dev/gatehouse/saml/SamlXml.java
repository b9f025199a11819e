package dev.gatehouse.saml;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reads the XML an identity provider or an organisation's owner sends, before any other code sees
 * it: a document type declaration is refused outright, so no entity is expanded (neither external,
 * which would make the server fetch an address, nor internal, which expands a few bytes into
 * gigabytes) and no external DTD is fetched. java-saml's own loader only looks for the text {@code
 * <!ENTITY} and lets a {@code DOCTYPE} that names an external DTD through.
 */
final class SamlXml {
  private SamlXml() {}

  private static final DocumentBuilderFactory FACTORY = factory();

  private static DocumentBuilderFactory factory() {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    try {
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser refuses its hardening features", e);
    }
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return f;
  }

  /**
   * @param xml the document
   * @param refusal the code a refusal answers with
   * @return the parsed document
   * @throws RejectedInputException {@code refusal} for a document with a type declaration or one
   *     that is not well-formed XML
   */
  static Document parse(String xml, ErrorCode refusal) {
    try {
      DocumentBuilder b;
      synchronized (FACTORY) {
        b = FACTORY.newDocumentBuilder();
      }
      return b.parse(new InputSource(new StringReader(xml)));
    } catch (SAXException | IOException e) {
      throw new RejectedInputException(
          refusal, "the XML is not well-formed or declares a document type, which is refused");
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }
}
