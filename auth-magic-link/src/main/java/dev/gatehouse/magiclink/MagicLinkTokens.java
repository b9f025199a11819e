package dev.gatehouse.magiclink;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.secret.Sealer;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.store.OtpCodeStore.NewOtpCode;
import dev.gatehouse.core.store.OtpCodeStore.OtpCode;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A link's token and its code, and the two stored rows that make them valid. Nothing is valid that
 * was not issued: a request that is sent stores, in the transaction that records its mail, one
 * one-time-code row for the code (its keyed hash) and one for the link (the keyed hash of a random
 * nonce the sealed token carries), both expiring with the link and superseding the address's
 * earlier ones. Either use spends both rows; wrong codes burn the code's row (never the link's).
 */
final class MagicLinkTokens {
  /** The one-time-code purpose of a link's code. */
  static final String CODE_PURPOSE = "magic_link";

  /** The one-time-code purpose of a link itself. */
  static final String LINK_PURPOSE = "magic_link_url";

  /** The rows' channel. */
  static final String CHANNEL = "email";

  private static final String SEAL = "magic-link";
  private static final int MAX_TOKEN_LENGTH = 1024;
  private static final String NO_BINDING = "-";
  private final GatehouseConfig config;
  private final SecretHasher secrets;
  private final Sealer sealer;

  MagicLinkTokens(GatehouseConfig config, SecretHasher secrets, Sealer sealer) {
    this.config = config;
    this.secrets = secrets;
    this.sealer = sealer;
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

  /** An opened, unexpired link: what it was issued for and the row that makes it valid. */
  record Link(
      String canonical,
      String address,
      long issuedSecond,
      String bindingHash,
      long row,
      String nonce) {
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

  /**
   * Issues a link and its code in {@code tx}, the transaction that records their mail: both rows
   * are stored and the address's earlier links and codes stop working.
   */
  Issued issue(
      StoreTransaction tx,
      Optional<UserRecord> owner,
      String canonical,
      String address,
      String bindingHash,
      Instant now) {
    String code = SecretHasher.newNumericCode(config.get(OtpSettings.OTP_LENGTH));
    String nonce = SecretHasher.newToken();
    Instant expires = now.plus(ttl());
    var ownerId = owner.map(UserRecord::publicId).orElse(null);
    long codeRow =
        tx.otpCodes()
            .create(
                new NewOtpCode(
                    ownerId,
                    CHANNEL,
                    canonical,
                    CODE_PURPOSE,
                    secrets.hash(codeBinding(canonical), code),
                    expires,
                    config.get(OtpSettings.OTP_MAX_ATTEMPTS),
                    now));
    // A link cannot be guessed (it is sealed), so it has no wrong attempts to count: one use.
    long linkRow =
        tx.otpCodes()
            .create(
                new NewOtpCode(
                    ownerId,
                    CHANNEL,
                    canonical,
                    LINK_PURPOSE,
                    secrets.hash(linkBinding(canonical), nonce),
                    expires,
                    1,
                    now));
    tx.otpCodes().invalidateOlder(codeRow, now);
    tx.otpCodes().invalidateOlder(linkRow, now);
    String token =
        sealer.sealFields(
            SEAL,
            "",
            List.of(
                canonical,
                address,
                Long.toString(now.getEpochSecond()),
                bindingHash == null ? NO_BINDING : bindingHash,
                Long.toString(linkRow),
                nonce));
    return new Issued(token, code);
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
      fields = sealer.openFields(SEAL, "", token.strip());
    } catch (GeneralSecurityException e) {
      throw invalidLink();
    }
    if (fields.size() != 6) {
      throw invalidLink();
    }
    long issued;
    long row;
    try {
      issued = Long.parseLong(fields.get(2));
      row = Long.parseLong(fields.get(4));
    } catch (NumberFormatException e) {
      throw invalidLink();
    }
    if (!now.isBefore(Instant.ofEpochSecond(issued).plus(ttl()))) {
      throw invalidLink();
    }
    String binding = fields.get(3);
    return new Link(
        fields.get(0),
        fields.get(1),
        issued,
        NO_BINDING.equals(binding) ? null : binding,
        row,
        fields.get(5));
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
   * Spends the link in {@code tx}: only the address's newest link row, unused and unexpired, and
   * only the one this token was issued with. Its code's row is spent with it.
   *
   * @return whether this call spent it
   */
  boolean spendLink(StoreTransaction tx, Link link, Instant now) {
    Optional<OtpCode> row = tx.otpCodes().latest(link.canonical(), CHANNEL, LINK_PURPOSE);
    if (row.isEmpty()
        || row.get().id() != link.row()
        || !secrets.matches(linkBinding(link.canonical()), link.nonce(), row.get().codeHash())
        || !tx.otpCodes().consume(link.row(), now)) {
      return false;
    }
    // Issued in one transaction, the newest code belongs to this link (a newer request would have
    // made a newer link row too). Used, burned or expired already, it stays so.
    newestCode(tx, link.canonical()).ifPresent(c -> tx.otpCodes().consume(c.id(), now));
    return true;
  }

  /** {@return the address's newest code row, used or not} */
  Optional<OtpCode> newestCode(StoreTransaction tx, String canonical) {
    return tx.otpCodes().latest(canonical, CHANNEL, CODE_PURPOSE);
  }

  /** Whether {@code presented} is the code of {@code row}, compared in constant time. */
  boolean codeMatches(String canonical, String presented, OtpCode row) {
    return secrets.matches(codeBinding(canonical), presented, row.codeHash());
  }

  /** Spends the link whose code was just used (the address's newest link row), if still usable. */
  void spendLinkOfCode(StoreTransaction tx, String canonical, Instant now) {
    tx.otpCodes()
        .latest(canonical, CHANNEL, LINK_PURPOSE)
        .filter(l -> l.usedAt() == null)
        .ifPresent(l -> tx.otpCodes().consume(l.id(), now));
  }

  /** The part of an address's code-attempt counter: the address's keyed hash. */
  String attemptsPart(String canonical) {
    return secrets.hash("counter", canonical);
  }

  Duration ttl() {
    return config.get(MagicLinkSettings.MAGIC_LINK_TTL);
  }

  /** The HMAC purpose that binds a code to its address. */
  private static String codeBinding(String canonical) {
    return "magic-link-code:" + canonical;
  }

  /** The HMAC purpose that binds a link's nonce to its address. */
  private static String linkBinding(String canonical) {
    return "magic-link-url:" + canonical;
  }

  static RejectedInputException invalidLink() {
    return new RejectedInputException(
        ErrorCode.INVALID_LINK, "the link is invalid, expired or already used");
  }
}
