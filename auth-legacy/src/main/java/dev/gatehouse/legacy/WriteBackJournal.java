package dev.gatehouse.legacy;

import dev.gatehouse.core.migration.LegacyServing;
import dev.gatehouse.core.session.ModuleMail;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.signin.AccountChangeListener;
import dev.gatehouse.core.signin.OutboxChannel;
import dev.gatehouse.core.store.ProfileStore.Person;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange.Kind;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange.Profile;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-back journal: while {@code gatehouse.legacy.write-back.until} lies ahead, each change
 * the flows make to an account ({@link AccountChangeListener}) is recorded in the outbox (channel
 * {@value #CHANNEL}) in the change's transaction, and the core's delivery workers hand it back here
 * ({@link OutboxChannel}) after commit, in order per account, with the outbox's claims, leases and
 * retries, to apply it to the {@link LegacyWriteBack} target. The entry's channel, purpose, key and
 * sealed fields are those Gatehouse wrote before the journal left the core, so entries recorded by
 * an older version are still delivered. Thread-safe.
 */
final class WriteBackJournal implements AccountChangeListener, OutboxChannel {
  /** The outbox channel of write-back entries. */
  static final String CHANNEL = "legacy";

  /**
   * Attempts before an entry fails for good: with the outbox's doubling backoff (30 s, capped at
   * about 8.5 hours) a legacy store may be away for about three days.
   */
  static final int MAX_ATTEMPTS = 20;

  /** Prefix of the entry's key, which orders the entries of one account. */
  private static final String ACCOUNT = "account ";

  private static final Logger LOG = LoggerFactory.getLogger(WriteBackJournal.class);

  /**
   * The most UTF-8 bytes a profile change's field takes, so that the sealed entry fits the outbox
   * with the account's values beside it: settings too large to carry before and after carry only
   * the new ones (not compared), and new settings too large alone are left out.
   */
  static final int PROFILE_BYTES = 4_500;

  private static final char SEPARATOR = '\u001f';
  private static final String NULL = "\u0000";

  private final SignInContext context;
  private final ModuleMail mail;
  private final LegacyWriteBack target;
  private final Instant until;

  WriteBackJournal(SignInContext context, LegacyWriteBack target, Instant until) {
    this.context = context;
    this.mail = this.context.capability(ModuleMail.class);
    this.target = target;
    this.until = until;
  }

  @Override
  public boolean listening(Instant now) {
    // Beyond the window, open while a cut-over in steps still has users on the legacy system.
    return now.isBefore(until)
        || context.feature(LegacyServing.class).map(LegacyServing::servesAnyone).orElse(false);
  }

  @Override
  public String hashPassword(String rawPassword) {
    return target.hashPassword(rawPassword);
  }

  @Override
  public void changed(StoreTransaction tx, AccountChange change) {
    UserRecord before = change.before();
    UserRecord after = change.after();
    Kind kind = Kind.valueOf(change.kind().name());
    String previous = before == null ? null : before.passwordHash();
    // The fields of the entry as the core's journal sealed them: account, time, kind, values
    // before and after with the previous hash, no HTML body, the new legacy hash.
    mail.enqueue(
        tx,
        CHANNEL,
        new OutboxChannel.Entry(
            0,
            kind.name().toLowerCase(Locale.ROOT),
            ACCOUNT + after.publicId(),
            kind.name(),
            Arrays.asList(
                after.publicId().toString(),
                Long.toString(change.at().toEpochMilli()),
                kind.name(),
                encode(before == null ? null : snapshot(before))
                    + '\n'
                    + encode(snapshot(after))
                    + '\n'
                    + (previous == null ? NULL : previous),
                profiles(change),
                change.passwordHash())),
        MAX_ATTEMPTS,
        change.at());
  }

  @Override
  public String channel() {
    return CHANNEL;
  }

  @Override
  public String name() {
    return target.name();
  }

  @Override
  public Optional<String> deliver(Entry entry) {
    LegacyWriteBack.Result result = target.apply(change(entry));
    return result.isConflict() ? Optional.of("conflict: " + result.conflict()) : Optional.empty();
  }

  /** The change an outbox entry carries. */
  static LegacyChange change(Entry entry) {
    List<@Nullable String> f = entry.fields();
    String[] parts = f.get(3).split("\n", -1);
    return new LegacyChange(
        entry.id(),
        Kind.valueOf(f.get(2)),
        UUID.fromString(f.get(0)),
        decode(parts[0]),
        decode(parts[1]),
        f.get(5),
        NULL.equals(parts[2]) ? null : parts[2],
        Instant.ofEpochMilli(Long.parseLong(f.get(1))),
        profile(f.get(4), 0),
        profile(f.get(4), 1));
  }

  /**
   * A profile change's field (the one an account change leaves empty): the default profile before
   * and after, each its person's components and the settings, the settings only when they changed
   * and as far as they fit {@link #PROFILE_BYTES}.
   */
  private static @Nullable String profiles(AccountChange change) {
    ProfileRecord before = change.profileBefore();
    ProfileRecord after = change.profileAfter();
    if (before == null || after == null) {
      return null;
    }
    boolean changed = !Objects.equals(before.settingsJson(), after.settingsJson());
    String from = changed ? before.settingsJson() : null;
    String to = changed ? after.settingsJson() : null;
    String field = encode(before.person(), from) + '\n' + encode(after.person(), to);
    if (field.getBytes(StandardCharsets.UTF_8).length > PROFILE_BYTES) {
      field = encode(before.person(), null) + '\n' + encode(after.person(), to);
    }
    if (field.getBytes(StandardCharsets.UTF_8).length > PROFILE_BYTES) {
      LOG.warn(
          "write-back: account {}'s new profile settings are too large for the journal;"
              + " not written back",
          after.ownerPublicId());
      field = encode(before.person(), null) + '\n' + encode(after.person(), null);
    }
    return field;
  }

  private static String encode(Person p, @Nullable String settings) {
    List<String> f = new ArrayList<>();
    for (Object v :
        new Object[] {
          p.firstName(),
          p.lastName1(),
          p.lastName2(),
          p.birthday(),
          p.gender(),
          p.picture(),
          settings
        }) {
      f.add(v == null ? NULL : escape(v.toString()));
    }
    return String.join(String.valueOf(SEPARATOR), f);
  }

  private static @Nullable Profile profile(@Nullable String field, int which) {
    if (field == null) {
      return null;
    }
    String[] v = field.split("\n", -1)[which].split(String.valueOf(SEPARATOR), -1);
    for (int i = 0; i < v.length; i++) {
      v[i] = NULL.equals(v[i]) ? null : unescape(v[i]);
    }
    return new Profile(
        new Person(v[0], v[1], v[2], v[3] == null ? null : LocalDate.parse(v[3]), v[4], v[5]),
        v[6]);
  }

  /** Keeps the field's own separators out of a value: backslash, line feed, unit separator. */
  private static String escape(String s) {
    return s.replace("\\", "\\\\")
        .replace("\n", "\\n")
        .replace(String.valueOf(SEPARATOR), "\\u")
        .replace("\u0000", "\\0");
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 'n' ? '\n' : n == 'u' ? SEPARATOR : n == '0' ? '\u0000' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
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

  private static String encode(@Nullable Snapshot s) {
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

  private static @Nullable Snapshot decode(String encoded) {
    if (NULL.equals(encoded)) {
      return null;
    }
    List<@Nullable String> f = new ArrayList<>();
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

  private static String orNull(@Nullable String s) {
    return s == null ? NULL : s;
  }
}
