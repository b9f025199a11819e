package dev.gatehouse.core.magiclink.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.MagicLinkSettings;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.internal.Counters;
import dev.gatehouse.core.internal.OneTimeMarker;
import dev.gatehouse.core.internal.Sealer;
import dev.gatehouse.core.secret.SecretHasher;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The link's sealed token, its code and the marker that spends both. Nothing is stored at issue:
 * the token carries the address, the issue time and the browser binding's hash, sealed under a key
 * derived from the server key; the code is a keyed hash of the address and the issue minute.
 */
final class MagicLinkTokens {
  private static final String SEAL = "magic-link";
  private static final int MAX_TOKEN_LENGTH = 1024;
  private static final String NO_BINDING = "-";
  private final GatehouseConfig config;
  private final SecretHasher secrets;
  private final Sealer sealer;

  MagicLinkTokens(GatehouseConfig config, SecretHasher secrets) {
    this.config = config;
    this.secrets = secrets;
    this.sealer = new Sealer(HexFormat.of().parseHex(secrets.hash("magic-link-seal", "v1")));
  }

  /** What a deferred request names: the binding's hash (or none) and the address as typed. */
  record Subject(String bindingHash, String email) {
    static Subject parse(String subject) {
      int space = subject.indexOf(' ');
      String binding = subject.substring(0, space);
      return new Subject(NO_BINDING.equals(binding) ? null : binding, subject.substring(space + 1));
    }

    @Override
    public String toString() {
      return "Subject[bound=" + (bindingHash != null) + "]";
    }
  }

  /**
   * The deferred request's subject (an address has no space: {@code EmailAddresses} refuses it).
   */
  static String subject(String bindingHash, String email) {
    return (bindingHash == null ? NO_BINDING : bindingHash) + " " + email;
  }

  /** A link's token and code, for one email. */
  record Issued(String token, String code) {
    @Override
    public String toString() {
      return "Issued[]";
    }
  }

  /** An opened, unexpired link. */
  record Link(String canonical, String address, long issuedSecond, String bindingHash) {
    long issuedMinute() {
      return Math.floorDiv(issuedSecond, 60);
    }

    @Override
    public String toString() {
      return "Link[bound=" + (bindingHash != null) + "]";
    }
  }

  /** {@return the hash a binding is kept as, or {@code null} without one} */
  @Nullable String bindingHash(String binding) {
    return binding == null || binding.isBlank()
        ? null
        : secrets.hash("magic-link-browser", binding);
  }

  Issued issue(String canonical, String address, String bindingHash, Instant now) {
    long minute = minuteOf(now);
    String token =
        sealer.seal(
            SEAL,
            List.of(
                canonical,
                address,
                Long.toString(now.getEpochSecond()),
                bindingHash == null ? NO_BINDING : bindingHash));
    return new Issued(token, code(canonical, minute));
  }

  /**
   * Opens a presented token.
   *
   * @throws RejectedInputException {@code invalid_link} when it is malformed, altered or expired
   */
  Link open(String token, Instant now) {
    if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
      throw invalidLink();
    }
    List<String> fields;
    try {
      fields = sealer.open(SEAL, token.strip());
    } catch (GeneralSecurityException e) {
      throw invalidLink();
    }
    if (fields.size() != 4) {
      throw invalidLink();
    }
    long issued;
    try {
      issued = Long.parseLong(fields.get(2));
    } catch (NumberFormatException e) {
      throw invalidLink();
    }
    if (!now.isBefore(Instant.ofEpochSecond(issued).plus(ttl()))) {
      throw invalidLink();
    }
    String binding = fields.get(3);
    return new Link(
        fields.get(0), fields.get(1), issued, NO_BINDING.equals(binding) ? null : binding);
  }

  /** Whether a link may be used by the browser presenting {@code binding}. */
  boolean boundTo(Link link, String binding) {
    if (link.bindingHash() == null) {
      return true;
    }
    String presented = bindingHash(binding);
    return presented != null && SecretHasher.constantTimeEquals(link.bindingHash(), presented);
  }

  /**
   * {@return the presented code, stripped, when it has a code's shape}
   *
   * @throws RejectedInputException {@code invalid_code_format} otherwise (nothing is counted)
   */
  String requireCodeShape(String code) {
    String c = code == null ? "" : code.strip();
    if (c.length() != config.get(OtpSettings.OTP_LENGTH)
        || !c.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new RejectedInputException(
          ErrorCode.INVALID_CODE_FORMAT, "the code must be the emailed digits");
    }
    return c;
  }

  /**
   * The issue minute of the unexpired code that matches, compared in constant time against every
   * minute of the lifetime (so the time taken says nothing about which one matched).
   */
  OptionalLong matchingMinute(String canonical, String presented, Instant now) {
    long ttlSeconds = ttl().getSeconds();
    long newest = minuteOf(now);
    long oldest = Math.floorDiv(now.getEpochSecond() - ttlSeconds, 60) + 1;
    long found = Long.MIN_VALUE;
    for (long m = oldest; m <= newest; m++) {
      if (SecretHasher.constantTimeEquals(code(canonical, m), presented)) {
        found = m;
      }
    }
    return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
  }

  /** The marker a link's use spends (links of one second share it). */
  OneTimeMarker usedLink(Link link) {
    return used(link.canonical() + "\nlink\n" + link.issuedSecond());
  }

  /** The marker a code's use spends, and a link's use too: its email's code dies with it. */
  OneTimeMarker usedCode(String canonical, long minute) {
    return used(canonical + "\ncode\n" + minute);
  }

  private OneTimeMarker used(String what) {
    return OneTimeMarker.of(
        Counters.MAGIC_LINK_USED, ttl().plusMinutes(1), secrets.hash("counter", what));
  }

  /** The part of an address's code-attempt counter: the address's keyed hash. */
  String attemptsPart(String canonical) {
    return secrets.hash("counter", canonical);
  }

  Duration ttl() {
    return config.get(MagicLinkSettings.MAGIC_LINK_TTL);
  }

  private String code(String canonical, long minute) {
    int digits = config.get(OtpSettings.OTP_LENGTH);
    String mac = secrets.hash("magic-link-code", canonical + "\n" + minute);
    long value = Long.parseUnsignedLong(mac.substring(0, 15), 16) % pow10(digits);
    String s = Long.toString(value);
    return "0".repeat(digits - s.length()) + s;
  }

  private static long pow10(int n) {
    long p = 1;
    for (int i = 0; i < n; i++) {
      p *= 10;
    }
    return p;
  }

  private static long minuteOf(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), 60);
  }

  static RejectedInputException invalidLink() {
    return new RejectedInputException(
        ErrorCode.INVALID_LINK, "the link is invalid, expired or already used");
  }
}
