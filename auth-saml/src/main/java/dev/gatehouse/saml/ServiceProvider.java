package dev.gatehouse.saml;

import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.settings.SettingsBuilder;
import com.onelogin.saml2.util.Constants;
import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The application as one organisation's service provider, in java-saml's settings: strict, signed
 * assertions required, the schema checked, java-saml's own SHA-1 signature check on (the module's
 * algorithm policy, {@link SamlAlgorithms}, is the one that also refuses SHA-1 digests and PKCS#1
 * v1.5 key transport, before java-saml looks), a response with {@code InResponseTo} refused when no
 * request is expected, and only the organisation's configured certificates trusted (none is taken
 * from the response's {@code KeyInfo}). Its entity id is its metadata's address and its assertion
 * consumer service its own address, both under {@link SamlSettings#SERVICE_PROVIDER_URL}.
 */
final class ServiceProvider {
  /** The key encrypted assertions are decrypted with, and its certificate, published. */
  record Key(PrivateKey privateKey, X509Certificate certificate) {}

  private ServiceProvider() {}

  /** {@return the organisation's service provider entity id, its metadata's address} */
  static String entityId(URI base, UUID organization) {
    return under(base, organization, "metadata/");
  }

  /** {@return the organisation's single logout service (HTTP-Redirect)} */
  static String slo(URI base, UUID organization) {
    return under(base, organization, "slo/");
  }

  /** {@return the organisation's assertion consumer service} */
  static String acs(URI base, UUID organization) {
    return under(base, organization, "acs/");
  }

  private static String under(URI base, UUID organization, String last) {
    String b = base.toString();
    return (b.endsWith("/") ? b : b + "/") + "saml/" + organization + "/" + last;
  }

  static Saml2Settings settings(
      URI base, UUID organization, @Nullable IdpMetadata idp, @Nullable Key key) {
    Map<String, Object> v = new HashMap<>();
    v.put(SettingsBuilder.STRICT_PROPERTY_KEY, true);
    v.put(SettingsBuilder.SP_ENTITYID_PROPERTY_KEY, entityId(base, organization));
    v.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_URL_PROPERTY_KEY, acs(base, organization));
    v.put(SettingsBuilder.SP_NAMEIDFORMAT_PROPERTY_KEY, Constants.NAMEID_UNSPECIFIED);
    v.put(SettingsBuilder.SP_SINGLE_LOGOUT_SERVICE_URL_PROPERTY_KEY, slo(base, organization));
    if (key != null) {
      v.put(SettingsBuilder.SP_X509CERT_PROPERTY_KEY, key.certificate());
      v.put(SettingsBuilder.SP_PRIVATEKEY_PROPERTY_KEY, key.privateKey());
    }
    if (idp != null) {
      v.put(SettingsBuilder.IDP_ENTITYID_PROPERTY_KEY, idp.entityId());
      v.put(
          SettingsBuilder.IDP_SINGLE_SIGN_ON_SERVICE_URL_PROPERTY_KEY,
          idp.singleSignOnUrl().toString());
      List<X509Certificate> certs = idp.certificates();
      if (idp.singleLogoutUrl() != null) {
        v.put(
            SettingsBuilder.IDP_SINGLE_LOGOUT_SERVICE_URL_PROPERTY_KEY,
            idp.singleLogoutUrl().toString());
      }
      v.put(SettingsBuilder.IDP_X509CERT_PROPERTY_KEY, certs.get(0));
      for (int i = 1; i < certs.size(); i++) {
        v.put(SettingsBuilder.IDP_X509CERTMULTI_PROPERTY_KEY + "." + (i - 1), certs.get(i));
      }
    }
    v.put(SettingsBuilder.SECURITY_WANT_ASSERTIONS_SIGNED, true);
    v.put(SettingsBuilder.SECURITY_WANT_MESSAGES_SIGNED, false);
    v.put(SettingsBuilder.SECURITY_WANT_XML_VALIDATION, true);
    v.put(SettingsBuilder.SECURITY_REJECT_DEPRECATED_ALGORITHM, true);
    v.put(SettingsBuilder.SECURITY_REJECT_UNSOLICITED_RESPONSES_WITH_INRESPONSETO, true);
    v.put(SettingsBuilder.SECURITY_WANT_NAMEID, true);
    v.put(SettingsBuilder.SECURITY_ALLOW_REPEAT_ATTRIBUTE_NAME_PROPERTY_KEY, false);
    // The organisation's provider decides how its members authenticate; the application asks for
    // no particular context.
    v.put(SettingsBuilder.SECURITY_REQUESTED_AUTHNCONTEXT, "");
    v.put(SettingsBuilder.PARSING_TRIM_NAME_IDS, true);
    v.put(SettingsBuilder.PARSING_TRIM_ATTRIBUTE_VALUES, true);
    return new SettingsBuilder().fromValues(v).build();
  }
}
