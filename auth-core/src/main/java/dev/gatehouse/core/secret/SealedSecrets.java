package dev.gatehouse.core.secret;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.secret.internal.SecretBox;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Secrets a module stores sealed and must open again (an authenticator app's seed), one purpose
 * each: sealed with the {@link Sealer} (or a key ring of their own), and still opened in the format
 * before it ({@code v1:<key id>:...}, under the ring or a key derived from the current or a
 * previous application secret). The formats are the core's; a module names only its purpose.
 * Thread-safe.
 */
public final class SealedSecrets {
  private final String purpose;
  private final Sealer sealer;
  private final List<SecretBox> earlier;

  /**
   * @param purpose what the secrets are, bound into each sealed value
   * @param sealer the application's sealer ({@code SignInContext#capability})
   * @param secrets the keyed hashes of the current application secret
   * @param ring a key ring of the purpose's own (as {@code gatehouse.mfa.encryption-keys}), or
   *     {@code null} to seal with {@code sealer}
   * @param previousSecretKeys the previous application secrets, still opened
   * @throws IllegalArgumentException when the ring does not parse
   */
  public SealedSecrets(
      String purpose,
      Sealer sealer,
      SecretHasher secrets,
      @Nullable String ring,
      List<String> previousSecretKeys) {
    this.purpose = requireNonNull(purpose, "purpose");
    SecretBox derived = derivedBox(secrets);
    List<SecretBox> boxes = new ArrayList<>();
    if (ring == null) {
      this.sealer = sealer;
      boxes.add(derived);
    } else {
      SecretBox box = SecretBox.parse(ring);
      List<String> keys = box.sealingSecrets();
      this.sealer = Sealer.of(keys.get(0), keys.subList(1, keys.size())).thenOpening(sealer);
      boxes.add(box.thenOpening(derived));
    }
    for (String previous : previousSecretKeys) {
      boxes.add(derivedBox(new SecretHasher(previous)));
    }
    this.earlier = List.copyOf(boxes);
  }

  private static SecretBox derivedBox(SecretHasher serverKey) {
    return SecretBox.derived(HexFormat.of().parseHex(serverKey.hash("secret-box", "v1")));
  }

  /**
   * Seals a secret for one owner.
   *
   * @param context what the value belongs to (the account's public id), bound into it
   * @param plain the secret
   * @return the sealed value, URL-safe base64
   */
  public String seal(String context, byte[] plain) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(sealer.seal(purpose, context, plain));
  }

  /**
   * Opens a sealed secret of one owner.
   *
   * @param sealed the value as stored
   * @param context what it belongs to, as it was sealed
   * @return the secret
   * @throws IllegalStateException when it does not open (its key is gone, or it was altered or
   *     moved to another owner): a server fault, never the user's
   */
  public byte[] open(String sealed, String context) {
    if (sealed.startsWith("v1:")) {
      IllegalStateException failed = null;
      for (SecretBox box : earlier) {
        try {
          return box.open(sealed, context);
        } catch (IllegalStateException e) {
          failed = e;
        }
      }
      throw requireNonNull(failed);
    }
    try {
      return sealer.open(purpose, context, Base64.getUrlDecoder().decode(sealed));
    } catch (Sealer.Unopenable | IllegalArgumentException e) {
      throw new IllegalStateException("a sealed " + purpose + " does not open: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "SealedSecrets[" + purpose + "]";
  }
}
