package dev.gatehouse.testing;

import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
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
 * An emulated WebAuthn authenticator and browser, for tests of passkey flows: a real P-256 key pair
 * per credential (from the JDK), authenticator data laid out byte by byte as the WebAuthn
 * specification defines it, the attestation object and COSE key encoded with webauthn4j's CBOR
 * mapper, and the responses serialized as the browser's {@code PublicKeyCredential.toJSON()} does.
 * It answers {@code none} or {@code packed} (self) attestation. Its settings let a test play an
 * attacker: another origin or RP id, a counter going backwards, no user verification. It takes the
 * options' values as an HTTP client reads them, so it needs no type of {@code auth-passkeys}. Not
 * thread-safe; its responses may be used from any thread.
 *
 * <pre>{@code
 * VirtualAuthenticator authenticator = new VirtualAuthenticator("https://app.example", "example");
 * PasskeyCreationOptions options = passkeys.beginRegistration(caller, proof, client);
 * String created = authenticator.register(options.challenge(), options.userHandle(), "none");
 * passkeys.finishRegistration(caller, created, "Laptop", client);
 * SignInResult in =
 *     passkeys.finishSignIn(authenticator.assertion(passkeys.beginSignIn().challenge()), client);
 * }</pre>
 */
public final class VirtualAuthenticator {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] AAGUID = new byte[16];

  private final ObjectConverter cbor = new ObjectConverter();

  private String origin;
  private String rpId;
  private boolean userVerified = true;
  private long counter = 0;
  private final List<Credential> credentials = new ArrayList<>();

  private record Credential(byte[] id, KeyPair keys, byte[] userHandle) {}

  /**
   * @param origin the origin the emulated browser puts into {@code clientDataJSON}
   * @param rpId the RP id whose SHA-256 the authenticator puts into its data
   */
  public VirtualAuthenticator(String origin, String rpId) {
    this.origin = origin;
    this.rpId = rpId;
  }

  /**
   * @param origin the origin of later responses (a phishing site's, say)
   * @return this authenticator
   */
  public VirtualAuthenticator origin(String origin) {
    this.origin = origin;
    return this;
  }

  /**
   * @param rpId the RP id of later responses
   * @return this authenticator
   */
  public VirtualAuthenticator rpId(String rpId) {
    this.rpId = rpId;
    return this;
  }

  /**
   * @param userVerified whether later responses report user verification (default true)
   * @return this authenticator
   */
  public VirtualAuthenticator userVerified(boolean userVerified) {
    this.userVerified = userVerified;
    return this;
  }

  /**
   * Sets the signature counter; the next response carries one more. {@code -1} keeps no counter
   * (every response carries 0, as synced passkeys do).
   *
   * @param counter the counter
   * @return this authenticator
   */
  public VirtualAuthenticator counter(long counter) {
    this.counter = counter;
    return this;
  }

  /** {@return the signature counter of the last response} */
  public long counter() {
    return counter;
  }

  /**
   * {@code navigator.credentials.create()} from the options' two values that matter to it, as an
   * HTTP client reads them from JSON.
   *
   * @param challenge the options' challenge, base64url
   * @param userHandle the options' {@code user.id}, base64url
   * @param format the attestation format: {@code none} or {@code packed} (self attestation)
   * @return the response as {@code PublicKeyCredential.toJSON()} gives it
   */
  public String register(String challenge, String userHandle, String format) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = g.generateKeyPair();
      byte[] id = new byte[32];
      RANDOM.nextBytes(id);
      Credential c = new Credential(id, keys, B64D.decode(userHandle));
      byte[] clientData = clientData("webauthn.create", challenge);
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

  /**
   * {@code navigator.credentials.get()} with this authenticator's newest credential.
   *
   * @param challenge the options' challenge, base64url
   * @return the response as {@code PublicKeyCredential.toJSON()} gives it
   */
  public String assertion(String challenge) {
    return assertion(challenge, credentials.size() - 1);
  }

  /**
   * {@code navigator.credentials.get()} with one of this authenticator's credentials (or, over a
   * challenge the server never issued, an attacker's replay or forgery).
   *
   * @param challenge the challenge, base64url
   * @param index which credential, in the order they were created
   * @return the response as {@code PublicKeyCredential.toJSON()} gives it
   */
  public String assertion(String challenge, int index) {
    Credential c = credentials.get(index);
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
