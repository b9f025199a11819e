package dev.gatehouse.jpa.passkey;

import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import dev.gatehouse.core.passkey.PasskeyCreationOptions;
import dev.gatehouse.core.passkey.PasskeyRequestOptions;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An emulated WebAuthn authenticator and browser, for tests: a real P-256 key pair per credential
 * (from the JDK), authenticator data built byte by byte as the WebAuthn spec lays it out, the
 * attestation object and COSE key encoded with webauthn4j's own CBOR mapper, and the responses
 * serialized as {@code PublicKeyCredential.toJSON()} does. It answers {@code none} or {@code
 * packed} (self) attestation. Knobs let a test play an attacker: another origin or RP id, a counter
 * going backwards, no user verification.
 */
final class TestAuthenticator {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] AAGUID = new byte[16];

  private final ObjectConverter cbor = new ObjectConverter();

  /** The origin the "browser" puts into clientDataJSON. */
  String origin;

  /** The RP id whose hash the authenticator signs. */
  String rpId;

  /** Whether the authenticator reports user verification. */
  boolean userVerified = true;

  /** The signature counter; {@code -1} keeps none (always 0, as synced passkeys do). */
  long counter = 0;

  final List<Credential> credentials = new ArrayList<>();

  /** One credential: its id, key pair and the user handle it was created for. */
  record Credential(byte[] id, KeyPair keys, byte[] userHandle) {}

  TestAuthenticator(String origin, String rpId) {
    this.origin = origin;
    this.rpId = rpId;
  }

  /** {@code navigator.credentials.create()}: a new credential for the options' user. */
  String register(PasskeyCreationOptions o, String format) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = g.generateKeyPair();
      byte[] id = new byte[32];
      RANDOM.nextBytes(id);
      Credential c = new Credential(id, keys, B64D.decode(o.userHandle()));
      byte[] clientData = clientData("webauthn.create", o.challenge());
      byte[] cose =
          cbor.getCborConverter()
              .writeValueAsBytes(
                  EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256));
      ByteArrayOutputStream attested = new ByteArrayOutputStream();
      attested.write(AAGUID);
      attested.write(new byte[] {(byte) (id.length >> 8), (byte) id.length});
      attested.write(id);
      attested.write(cose);
      byte[] authData = authData((byte) 0x40, attested.toByteArray());
      Map<String, Object> statement = new LinkedHashMap<>();
      if ("packed".equals(format)) {
        statement.put("alg", -7);
        statement.put("sig", sign(keys, authData, clientData));
      }
      Map<String, Object> attestation = new LinkedHashMap<>();
      attestation.put("fmt", format);
      attestation.put("attStmt", statement);
      attestation.put("authData", authData);
      byte[] attestationObject = cbor.getCborMapper().writeValueAsBytes(attestation);
      credentials.add(c);
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("clientDataJSON", B64.encodeToString(clientData));
      response.put("attestationObject", B64.encodeToString(attestationObject));
      response.put("transports", List.of("internal", "hybrid"));
      return credential(id, response);
    } catch (java.io.IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code navigator.credentials.get()} with this authenticator's newest credential. */
  String assertion(PasskeyRequestOptions o) {
    return assertion(o, credentials.get(credentials.size() - 1));
  }

  /** {@code navigator.credentials.get()} with one credential. */
  String assertion(PasskeyRequestOptions o, Credential c) {
    return assertion(o.challenge(), c);
  }

  /** An assertion over any challenge (an attacker's replay or forgery). */
  String assertion(String challenge, Credential c) {
    try {
      byte[] clientData = clientData("webauthn.get", challenge);
      byte[] authData = authData((byte) 0, new byte[0]);
      Map<String, Object> response = new LinkedHashMap<>();
      response.put("clientDataJSON", B64.encodeToString(clientData));
      response.put("authenticatorData", B64.encodeToString(authData));
      response.put("signature", B64.encodeToString(sign(c.keys(), authData, clientData)));
      response.put("userHandle", B64.encodeToString(c.userHandle()));
      return credential(c.id(), response);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] authData(byte extraFlags, byte[] attested) throws GeneralSecurityException {
    byte flags = (byte) (0x01 | (userVerified ? 0x04 : 0) | extraFlags);
    long count = counter < 0 ? 0 : ++counter;
    return ByteBuffer.allocate(37 + attested.length)
        .put(MessageDigest.getInstance("SHA-256").digest(rpId.getBytes(StandardCharsets.UTF_8)))
        .put(flags)
        .putInt((int) count)
        .put(attested)
        .array();
  }

  private byte[] clientData(String type, String challenge) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("type", type);
    c.put("challenge", challenge);
    c.put("origin", origin);
    c.put("crossOrigin", false);
    return cbor.getJsonMapper().writeValueAsBytes(c);
  }

  private static byte[] sign(KeyPair keys, byte[] authData, byte[] clientData)
      throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(keys.getPrivate());
    s.update(authData);
    s.update(MessageDigest.getInstance("SHA-256").digest(clientData));
    return s.sign();
  }

  private String credential(byte[] id, Map<String, Object> response) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", B64.encodeToString(id));
    c.put("rawId", B64.encodeToString(id));
    c.put("type", "public-key");
    c.put("response", response);
    c.put("clientExtensionResults", Map.of());
    c.put("authenticatorAttachment", "platform");
    return cbor.getJsonMapper().writeValueAsString(c);
  }
}
