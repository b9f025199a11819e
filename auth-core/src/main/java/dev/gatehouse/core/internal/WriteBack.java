package dev.gatehouse.core.internal;

import dev.gatehouse.core.internal.PayloadSeal.Payload;
import dev.gatehouse.core.migration.LegacyWriteBack;
import dev.gatehouse.core.migration.LegacyWriteBack.LegacyChange;
import dev.gatehouse.core.migration.LegacyWriteBack.LegacyChange.Kind;
import dev.gatehouse.core.migration.LegacyWriteBack.LegacyChange.Snapshot;
import dev.gatehouse.core.store.OutboxStore.OutboxMessage;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The write-back journal: while {@code gatehouse.legacy.write-back.until} lies ahead, each change
 * the flows make to an account is recorded in the outbox (channel {@value #CHANNEL}) in the
 * change's transaction, and the {@link DeliveryDispatcher} applies it to the legacy store after
 * commit, in order per account, with the outbox's claims, leases and retries. Without a target or
 * once the window closed, every method does nothing. Thread-safe. Internal: not API.
 */
public final class WriteBack {
  /** The outbox channel of write-back entries. */
  public static final String CHANNEL = "legacy";

  /**
   * Attempts before an entry fails for good: with the outbox's doubling backoff (30 s, capped at
   * about 8.5 hours) a legacy store may be away for about three days.
   */
  static final int MAX_ATTEMPTS = 20;

  /** Prefix of the masked destination, which orders the entries of one account. */
  private static final String ACCOUNT = "account ";

  private static final char SEPARATOR = '\u001f';
  private static final String NULL = "\u0000";

  private final LegacyWriteBack target;
  private final Instant until;
  private final Outbox outbox;

  /**
   * @param target the legacy store, or {@code null} for none
   * @param until the end of the window, or {@code null} for none
   * @param outbox where entries are recorded
   */
  public WriteBack(LegacyWriteBack target, Instant until, Outbox outbox) {
    this.target = target;
    this.until = until;
    this.outbox = outbox;
  }

  /**
   * @return the legacy store, or {@code null} when none is configured
   */
  public LegacyWriteBack target() {
    return target;
  }

  /**
   * @param now the flow's time
   * @return whether changes made at {@code now} are written back
   */
  public boolean active(Instant now) {
    return target != null && until != null && now.isBefore(until);
  }

  /**
   * The password in the legacy application's format, computed by the flow that knows it before its
   * transaction.
   *
   * @param rawPassword the password as typed
   * @param now the flow's time
   * @return the legacy hash, or {@code null} when nothing is written back
   */
  public String hashPassword(String rawPassword, Instant now) {
    return active(now) ? target.hashPassword(rawPassword) : null;
  }

  /**
   * The account as it is before a change that is written back, read in the change's transaction
   * only while the window is open.
   *
   * @param tx the change's transaction
   * @param userPublicId the account
   * @param now the flow's time
   * @return the account, or {@code null} when nothing is written back
   */
  public UserRecord before(StoreTransaction tx, UUID userPublicId, Instant now) {
    return active(now) ? tx.users().findByPublicId(userPublicId).orElse(null) : null;
  }

  /**
   * Records a change of an account, read again in {@code tx} after the change.
   *
   * @param tx the change's transaction
   * @param kind what happened
   * @param before the account before the change, or {@code null} for a creation
   * @param userPublicId the account
   * @param passwordHash the new legacy hash ({@link #hashPassword}), or {@code null}
   * @param now the flow's time
   */
  public void record(
      StoreTransaction tx,
      Kind kind,
      UserRecord before,
      UUID userPublicId,
      String passwordHash,
      Instant now) {
    if (!active(now)) {
      return;
    }
    UserRecord after = tx.users().findByPublicId(userPublicId).orElseThrow();
    record(tx, kind, before, after, passwordHash, now);
  }

  /**
   * Records a change of an account whose new values the flow holds.
   *
   * @param tx the change's transaction
   * @param kind what happened
   * @param before the account before the change, or {@code null} for a creation
   * @param after the account after it
   * @param passwordHash the new legacy hash ({@link #hashPassword}), or {@code null}
   * @param now the flow's time
   */
  public void record(
      StoreTransaction tx,
      Kind kind,
      UserRecord before,
      UserRecord after,
      String passwordHash,
      Instant now) {
    if (!active(now)) {
      return;
    }
    String previous = before == null ? null : before.passwordHash();
    Payload payload =
        new Payload(
            after.publicId().toString(),
            Long.toString(now.toEpochMilli()),
            kind.name(),
            encode(before == null ? null : snapshot(before))
                + '\n'
                + encode(snapshot(after))
                + '\n'
                + (previous == null ? NULL : previous),
            null,
            passwordHash);
    outbox.enqueue(
        tx,
        outbox.seal(
            new Outbox.Message(
                CHANNEL,
                kind.name().toLowerCase(java.util.Locale.ROOT),
                ACCOUNT + after.publicId(),
                kind.name(),
                payload,
                MAX_ATTEMPTS)),
        null,
        null,
        now);
  }

  /**
   * The change an outbox entry carries.
   *
   * @param m the claimed entry
   * @param p its opened payload
   * @return the change
   */
  static LegacyChange change(OutboxMessage m, Payload p) {
    String[] parts = p.text().split("\n", -1);
    return new LegacyChange(
        m.id(),
        Kind.valueOf(p.subject()),
        UUID.fromString(p.to()),
        decode(parts[0]),
        decode(parts[1]),
        p.secret(),
        NULL.equals(parts[2]) ? null : parts[2],
        Instant.ofEpochMilli(Long.parseLong(p.from())));
  }

  private static Snapshot snapshot(UserRecord u) {
    return new Snapshot(
        u.username(),
        u.email(),
        u.phone(),
        u.active() && !u.deleted(),
        u.emailVerified(),
        u.phoneVerified(),
        u.staff(),
        u.superuser(),
        u.dateJoined());
  }

  private static String encode(Snapshot s) {
    if (s == null) {
      return NULL;
    }
    List<String> f =
        List.of(
            orNull(s.username()),
            orNull(s.email()),
            orNull(s.phone()),
            Boolean.toString(s.active()),
            Boolean.toString(s.emailVerified()),
            Boolean.toString(s.phoneVerified()),
            Boolean.toString(s.staff()),
            Boolean.toString(s.superuser()),
            s.dateJoined() == null ? NULL : Long.toString(s.dateJoined().toEpochMilli()));
    return String.join(String.valueOf(SEPARATOR), f);
  }

  private static Snapshot decode(String encoded) {
    if (NULL.equals(encoded)) {
      return null;
    }
    List<String> f = new ArrayList<>();
    for (String v : encoded.split(String.valueOf(SEPARATOR), -1)) {
      f.add(NULL.equals(v) ? null : v);
    }
    return new Snapshot(
        f.get(0),
        f.get(1),
        f.get(2),
        Boolean.parseBoolean(f.get(3)),
        Boolean.parseBoolean(f.get(4)),
        Boolean.parseBoolean(f.get(5)),
        Boolean.parseBoolean(f.get(6)),
        Boolean.parseBoolean(f.get(7)),
        f.get(8) == null ? null : Instant.ofEpochMilli(Long.parseLong(f.get(8))));
  }

  private static String orNull(String s) {
    return s == null ? NULL : s;
  }
}
