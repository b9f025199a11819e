package dev.gatehouse.imports;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.migration.LegacySyncStatus;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.LegacySource.RecordStream;
import dev.gatehouse.imports.api.LegacyUser;
import dev.gatehouse.imports.internal.PreparedUser;
import dev.gatehouse.imports.source.DjangoDatabaseSource;
import dev.gatehouse.imports.source.LegacyChangeLog;
import dev.gatehouse.imports.source.LegacyChangeLog.Change;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync from the legacy system while both systems serve (a cut-over by cohort): the changes the
 * legacy system's users make there — sign-ups, passwords, emails, phones, usernames, deactivation,
 * and their default profile's person (first and last names, birthday, gender, picture) and settings
 * — reach Gatehouse a pass at a time. The other way is {@code auth-legacy}'s write-back, which
 * stays open while any cohort is on the legacy system.
 *
 * <p>Each pass ({@link #syncOnce}) reads the legacy {@link LegacyChangeLog} after the cursor it
 * stored, reads the changed users through the importer's own Django reading ({@link
 * DjangoDatabaseSource#only}), imports the users Gatehouse does not have yet through the importer
 * ({@link Importer#run}, the same decisions, mapping and ledger as the first import), and writes
 * the other users' changed fields, the new cursor and the fields' fingerprints in one transaction
 * of the target: a pass that fails changes nothing and the next one does it again (idempotent and
 * resumable). The delay of a change is at most the host's interval between passes plus one pass.
 *
 * <p><b>One rule for a conflict.</b> The sync keeps, per user and field, a fingerprint of the value
 * each side had at the last pass. A field changed on the legacy side only is written to Gatehouse;
 * a field changed on both sides since the last pass to different values keeps Gatehouse's value
 * (which the write-back carries to the legacy system, so both end equal; the default profile's too,
 * where its target writes profiles), and is counted ({@link Status#conflicts}) and logged with the
 * account's public id and the field's name only. A password hash is not compared that way:
 * Gatehouse changes one by itself (a sign-in rehashes a legacy hash into its own format), and a
 * password changed on Gatehouse comes back as the write-back's new legacy hash of the same
 * password; so a legacy hash that changed since the last pass is taken, whatever Gatehouse's did,
 * and is never counted (a password changed on both sides between two passes, which the write-back
 * refuses as a conflict, ends as the legacy one). A value that another Gatehouse account holds (an
 * email, a phone, a username) is not written and is counted as a conflict.
 *
 * <pre>{@code
 * LegacySync sync = LegacySync.builder(importer, LegacyChangeLog.of(legacyDataSource),
 *         DjangoDatabaseSource.of(legacyDataSource, "accounts", ZoneOffset.UTC),
 *         ImportOptions.builder("django").build())
 *     .build();
 * scheduler.scheduleWithFixedDelay(sync::syncOnce, 5, 5, TimeUnit.SECONDS);
 * }</pre>
 *
 * <p>Thread-safe: passes of one instance run one at a time; passes of two instances may both apply
 * a change (the same writes), and the cursor's row keeps the later.
 */
public final class LegacySync implements LegacySyncStatus {
  private static final Logger LOG = LoggerFactory.getLogger(LegacySync.class);

  /** The fields the sync keeps in step, by their short names in {@code gh_import_sync_user}. */
  private enum Field {
    EMAIL("e"),
    PHONE("p"),
    USERNAME("u"),
    PASSWORD("h"),
    ACTIVE("a"),
    /** The default profile's person: names, birthday, gender, picture. */
    PERSON("n"),
    /** The default profile's settings document. */
    SETTINGS("s");

    final String key;

    Field(String key) {
      this.key = key;
    }
  }

  /** The audit trail's event of an account the sync wrote (actor {@code import}). */
  static final String SYNCED = "LegacySynced";

  private final Importer importer;
  private final LegacyChangeLog changes;
  private final DjangoDatabaseSource source;
  private final ImportOptions options;
  private final Clock clock;
  private final Duration gapWait;
  private final int batch;

  /** The first pass that saw each gap in the sequence numbers, by the gap's first number. */
  private final Map<Long, Instant> gaps = new HashMap<>();

  private LegacySync(Builder b) {
    this.importer = b.importer;
    this.changes = b.changes;
    this.source = b.source;
    this.options = b.options;
    this.clock = b.clock == null ? b.importer.clock() : b.clock;
    this.gapWait = b.gapWait;
    this.batch = Math.min(b.batch, b.options.batchSize());
  }

  /**
   * A builder of the sync.
   *
   * @param importer the importer of the first import (its target, hashing and ledger)
   * @param changes the legacy database's change log
   * @param source the legacy users, as the first import read them
   * @param options the first import's options; its source name is the mapping's
   * @return the builder
   */
  public static Builder builder(
      Importer importer,
      LegacyChangeLog changes,
      DjangoDatabaseSource source,
      ImportOptions options) {
    return new Builder(importer, changes, source, options);
  }

  /**
   * One pass: the changes after the stored cursor, at most a batch of them ({@code batchSize} of
   * the options, and {@link Builder#batch}); call again while {@link Report#more} is true.
   *
   * @return what the pass did
   * @throws dev.gatehouse.imports.api.LegacySource.ImportSourceException when the legacy database
   *     fails (nothing is changed; the next pass starts from the same cursor)
   */
  public synchronized Report syncOnce() {
    String name = options.sourceName();
    long cursor = importer.store().inTransaction(tx -> SyncTables.cursor(tx, name));
    List<Change> read = changes.after(cursor, batch);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (read.isEmpty()) {
      return new Report(cursor, 0, 0, 0, 0, false);
    }
    long next = advance(cursor, read, now);
    TreeSet<String> ids = new TreeSet<>();
    read.forEach(c -> ids.add(c.legacyId()));

    // Sign-ups: the importer's own path, in its own transaction (a repeated pass skips them).
    List<String> unmapped = ids.stream().filter(id -> mapped(id).isEmpty()).toList();
    int created = 0;
    if (!unmapped.isEmpty()) {
      RunReport run = importer.run(source.only(unmapped), options);
      if (!run.completed()) {
        LOG.warn("sync of {}: the import of new legacy users stopped ({})", name, run.status());
        return new Report(cursor, 0, 0, 0, read.size(), false);
      }
      created = (int) run.created();
    }

    Map<String, PreparedUser> users = new HashMap<>();
    try (RecordStream stream = source.only(ids).open()) {
      while (stream.hasNext()) {
        LegacyRecord r = stream.next();
        if (r.readable()) {
          users.put(r.legacyId(), PreparedUser.of(r.user(), options, importer.hashing()));
        }
      }
    }
    Map<String, UUID> accounts = new LinkedHashMap<>();
    for (String id : ids) {
      mapped(id).ifPresent(a -> accounts.put(id, a));
    }
    int[] counts = new int[2];
    importer
        .store()
        .inTransaction(
            tx -> {
              for (Map.Entry<String, UUID> e : accounts.entrySet()) {
                Outcome o = apply(tx, name, e.getKey(), e.getValue(), users.get(e.getKey()), now);
                counts[0] += o.updated ? 1 : 0;
                counts[1] += o.conflicts;
              }
              SyncTables.store(tx, name, next, counts[0], counts[1], now);
              return null;
            });
    // A full batch read from a cursor held at a gap would be read again as it is: no more then.
    return new Report(
        next, created, counts[0], counts[1], read.size(), read.size() == batch && next > cursor);
  }

  /**
   * The cursor after this pass: the last number before which nothing is missing, or a gap that
   * stayed open for {@link Builder#gapWait} (a rolled-back write's number, never to come): a number
   * taken by a transaction that commits later is read when it does.
   */
  private long advance(long cursor, List<Change> read, Instant now) {
    long next = cursor;
    long expected = cursor + 1;
    boolean held = false;
    for (Change c : read) {
      if (!held && c.seq() > expected && cursor > 0) {
        Instant first = gaps.computeIfAbsent(expected, k -> now);
        if (now.isBefore(first.plus(gapWait))) {
          held = true;
        } else {
          gaps.remove(expected);
        }
      }
      if (!held) {
        next = c.seq();
      }
      expected = c.seq() + 1;
    }
    gaps.keySet().removeIf(k -> k <= cursor);
    return next;
  }

  private Optional<UUID> mapped(String legacyId) {
    return importer.resolve(options.sourceName(), legacyId);
  }

  private record Outcome(boolean updated, int conflicts) {}

  /** Compares one user's fields and writes the legacy side's changes, by the rule. */
  private Outcome apply(
      StoreTransaction tx,
      String name,
      String legacyId,
      UUID account,
      @Nullable PreparedUser legacy,
      Instant now) {
    Optional<UserRecord> found = tx.users().findByPublicId(account);
    if (found.isEmpty() || found.get().deleted()) {
      return new Outcome(false, 0);
    }
    UserRecord gatehouse = found.get();
    SyncTables.SeenMap seen = SyncTables.seen(tx, name, legacyId);
    Map<Field, String> legacyValues = values(legacy);
    Map<Field, String> gatehouseValues = values(gatehouse);
    // The default profiles: compared when both sides have one (a legacy user table without a
    // profile table, or a user without a profile row, leaves Gatehouse's profile as it is).
    LegacyUser.LegacyProfile legacyProfile =
        legacy == null ? null : SyncProfiles.defaultProfile(legacy);
    ProfileRecord[] profile = {tx.profiles().findDefault(account).orElse(null)};
    ProfileRecord profileBefore = profile[0];
    if (legacyProfile != null) {
      legacyValues.put(Field.PERSON, SyncProfiles.person(legacyProfile.person()));
      legacyValues.put(
          Field.SETTINGS,
          SyncProfiles.settings(PreparedUser.storableSettings(legacyProfile.settingsJson())));
    }
    if (profile[0] != null) {
      gatehouseValues.put(Field.PERSON, SyncProfiles.person(profile[0].person()));
      gatehouseValues.put(Field.SETTINGS, SyncProfiles.settings(profile[0].settingsJson()));
    }
    UserRecord.Builder changed = gatehouse.toBuilder();
    boolean write = false;
    int conflicts = 0;
    Map<String, String[]> after = new LinkedHashMap<>();
    List<String> taken = new ArrayList<>();
    for (Field f : Field.values()) {
      String[] before = seen.get(f.key);
      boolean profileField = f == Field.PERSON || f == Field.SETTINGS;
      if (legacy == null && f != Field.ACTIVE
          || profileField && (legacyProfile == null || profile[0] == null)) {
        // A deleted legacy row deactivates the account; its other fields stay as they were.
        if (before != null) {
          after.put(f.key, before);
        }
        continue;
      }
      String l = SyncTables.fingerprint(legacyValues.get(f));
      String g = SyncTables.fingerprint(gatehouseValues.get(f));
      boolean legacyChanged = before == null ? !l.equals(g) : !l.equals(before[0]);
      // A password hash Gatehouse changed by itself proves no new password: a sign-in rehashes a
      // legacy hash into Gatehouse's format, and a password changed on Gatehouse reaches the legacy
      // row through the write-back, whose new hash the next pass reads as a legacy change of the
      // same password. So a legacy hash that changed is always taken.
      boolean gatehouseChanged = f != Field.PASSWORD && before != null && !g.equals(before[1]);
      String field = f.name().toLowerCase(Locale.ROOT);
      if (!legacyChanged || l.equals(g)) {
        after.put(f.key, new String[] {l, g});
      } else if (gatehouseChanged) {
        // Both sides changed it: Gatehouse's value holds, and the write-back carries it back.
        conflicts++;
        LOG.info(
            "sync of {}: account {} changed its {} on both sides; Gatehouse's kept",
            name,
            account,
            field);
        after.put(f.key, new String[] {l, g});
      } else if (f == Field.PASSWORD && legacy.passwordHash != null && !legacy.hashSupported) {
        // A hash no format of Gatehouse reads: the import reports such users; nothing to write.
        after.put(f.key, new String[] {l, g});
      } else if (profileField) {
        profile[0] = SyncProfiles.taken(f == Field.SETTINGS, profile[0], legacyProfile, now);
        after.put(f.key, new String[] {l, l});
        taken.add(field);
      } else if (!takes(tx, f, account, legacy, changed)) {
        conflicts++;
        LOG.info(
            "sync of {}: account {}: the legacy {} is another account's; not written",
            name,
            account,
            field);
        after.put(f.key, new String[] {l, g});
      } else {
        write = true;
        after.put(f.key, new String[] {l, l});
        taken.add(field);
      }
    }
    if (write) {
      tx.users().update(changed.modifiedAt(now).build());
    }
    boolean profileWritten = profile[0] != profileBefore;
    if (profileWritten) {
      tx.profiles().update(profile[0]);
    }
    if (write || profileWritten) {
      // The sync's own entry, in its transaction: the change was the legacy system's user's, made
      // there, and is no change of the account's on Gatehouse (no notice is sent for it, no session
      // ends). The fields' names only, never their values.
      String names = String.join(",", taken);
      importer.auditEntry(now, SYNCED, account, "legacy_sync", names).ifPresent(tx.audit()::append);
    }
    boolean inConflict = conflicts > 0;
    if (!seen.equals(after) || inConflict != seen.inConflict) {
      SyncTables.keepSeen(tx, name, legacyId, after, inConflict, seen.isEmpty());
    }
    return new Outcome(write || profileWritten, conflicts);
  }

  /**
   * Copies the legacy side's field into the account being written, when Gatehouse can hold it.
   * {@return false when another account holds the identifier}
   */
  private static boolean takes(
      StoreTransaction tx,
      Field f,
      UUID account,
      @Nullable PreparedUser legacy,
      UserRecord.Builder changed) {
    switch (f) {
      case ACTIVE -> changed.active(legacy != null && activeIn(legacy));
      case PASSWORD -> changed.passwordHash(legacy.passwordHash);
      case EMAIL -> {
        if (legacy.emailCanonical != null
            && !ownedBy(tx.users().findByEmail(legacy.emailCanonical), account)) {
          return false;
        }
        changed.email(legacy.email, legacy.emailCanonical).emailVerified(legacy.emailVerified);
      }
      case PHONE -> {
        if (legacy.phone != null && !ownedBy(tx.users().findByPhone(legacy.phone), account)) {
          return false;
        }
        changed.phone(legacy.phone).phoneVerified(legacy.phoneVerified);
      }
      case USERNAME -> {
        if (legacy.usernameCanonical != null
            && !ownedBy(tx.users().findByUsername(legacy.usernameCanonical), account)) {
          return false;
        }
        changed.username(legacy.username, legacy.usernameCanonical);
      }
    }
    return true;
  }

  private static boolean ownedBy(Optional<UserRecord> holder, UUID account) {
    return holder.isEmpty() || holder.get().publicId().equals(account);
  }

  private static boolean activeIn(PreparedUser legacy) {
    return legacy.source.active() && legacy.source.deletedAt() == null;
  }

  /** The legacy side's values as Gatehouse would store them; a deleted row is an inactive user. */
  private static Map<Field, String> values(@Nullable PreparedUser legacy) {
    Map<Field, String> v = new HashMap<>();
    v.put(Field.ACTIVE, Boolean.toString(legacy != null && activeIn(legacy)));
    if (legacy != null) {
      v.put(Field.EMAIL, legacy.emailCanonical);
      v.put(Field.PHONE, legacy.phone);
      v.put(Field.USERNAME, legacy.usernameCanonical);
      v.put(Field.PASSWORD, legacy.passwordHash);
    }
    return v;
  }

  private static Map<Field, String> values(UserRecord u) {
    Map<Field, String> v = new HashMap<>();
    v.put(Field.ACTIVE, Boolean.toString(u.active() && u.deletedAt() == null));
    v.put(Field.EMAIL, u.emailCanonical());
    v.put(Field.PHONE, u.phone());
    v.put(Field.USERNAME, u.usernameCanonical());
    v.put(Field.PASSWORD, u.passwordHash());
    return v;
  }

  /**
   * The legacy users among the given ones whose last pass found a conflict (both sides changed a
   * field, or the legacy value is another account's): for the report of the users not yet moved
   * ({@code Cohorts#syncConflicts(legacySync::conflicted)}). One read per user.
   *
   * @param legacyIds the legacy ids
   * @return those in conflict
   */
  public Set<String> conflicted(Collection<String> legacyIds) {
    String name = options.sourceName();
    return importer
        .store()
        .inTransaction(
            tx -> {
              Set<String> out = new HashSet<>();
              for (String id : legacyIds) {
                if (SyncTables.seen(tx, name, id).inConflict) {
                  out.add(id);
                }
              }
              return out;
            });
  }

  /**
   * Where the sync stands, for gauges and health ({@link #status}).
   *
   * @param cursor the last change read
   * @param backlog the changes written on the legacy side and not read yet
   * @param delay how long the oldest of them has waited (zero when there is none)
   * @param updated the users whose fields a pass wrote, since the sync began
   * @param conflicts the conflicts counted since the sync began
   * @param syncedAt when the last pass that read changes ended, or {@code null}
   */
  public record Status(
      long cursor,
      long backlog,
      Duration delay,
      long updated,
      long conflicts,
      @Nullable Instant syncedAt) {}

  /** {@return the status's backlog, delay and conflicts, as the gauges and health read them} */
  @Override
  public Reading reading() {
    Status s = status();
    return new Reading(s.backlog(), s.delay(), s.conflicts());
  }

  /**
   * Where the sync stands now: its stored cursor and counters, and the legacy change log's backlog
   * after the cursor (two reads of each database).
   *
   * @return the status
   * @throws dev.gatehouse.imports.api.LegacySource.ImportSourceException when the legacy database
   *     fails
   */
  public Status status() {
    String name = options.sourceName();
    Map<String, Object> row =
        importer
            .store()
            .inTransaction(
                tx ->
                    tx
                        .moduleTables()
                        .rows(SyncTables.STATE)
                        .find(Map.of("source_name", name))
                        .stream()
                        .findFirst()
                        .orElse(Map.of()));
    long cursor = row.isEmpty() ? 0 : ((Number) row.get("cursor_seq")).longValue();
    LegacyChangeLog.Backlog backlog = changes.backlog(cursor);
    Duration delay =
        backlog.oldest() == null
            ? Duration.ZERO
            : Duration.between(backlog.oldest(), clock.instant()).isNegative()
                ? Duration.ZERO
                : Duration.between(backlog.oldest(), clock.instant());
    Function<String, Long> count = k -> row.isEmpty() ? 0L : ((Number) row.get(k)).longValue();
    return new Status(
        cursor,
        backlog.changes(),
        delay,
        count.apply("updated"),
        count.apply("conflicts"),
        row.isEmpty() ? null : (Instant) row.get("synced_at"));
  }

  /**
   * What one pass did.
   *
   * @param cursor the cursor after the pass
   * @param created users imported (sign-ups on the legacy system)
   * @param updated users whose fields were written
   * @param conflicts conflicts counted
   * @param read changes read
   * @param more whether to call again at once: the pass read a full batch and moved the cursor (a
   *     pass whose import of new users did not complete writes nothing else and answers false: the
   *     next scheduled pass tries again)
   */
  public record Report(
      long cursor, int created, int updated, int conflicts, int read, boolean more) {}

  /** Builds a {@link LegacySync}; every setter checks its argument. Not thread-safe. */
  public static final class Builder {
    private final Importer importer;
    private final LegacyChangeLog changes;
    private final DjangoDatabaseSource source;
    private final ImportOptions options;
    private @Nullable Clock clock;
    private Duration gapWait = Duration.ofMinutes(1);
    private int batch = 500;

    private Builder(
        Importer importer,
        LegacyChangeLog changes,
        DjangoDatabaseSource source,
        ImportOptions options) {
      this.importer = requireNonNull(importer, "importer");
      this.changes = requireNonNull(changes, "changes");
      this.source = requireNonNull(source, "source");
      this.options = requireNonNull(options, "options");
    }

    /**
     * How long a gap in the change log's numbers is waited for before the cursor passes it: longer
     * than the legacy system's longest transaction (a number taken by a transaction that has not
     * committed yet). Changes after a gap are applied at once all the same; only the cursor waits.
     *
     * @param wait 1 second to 1 hour; 1 minute by default
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder gapWait(Duration wait) {
      requireNonNull(wait, "wait");
      if (wait.compareTo(Duration.ofSeconds(1)) < 0 || wait.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("a gap wait is 1 second to 1 hour, not " + wait);
      }
      this.gapWait = wait;
      return this;
    }

    /**
     * The most changes one pass reads (never more than the options' batch size, so that the users
     * it imports are one batch of the importer: all or none).
     *
     * @param changes 1 to 1,000; 500 by default
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder batch(int changes) {
      if (changes < 1 || changes > 1000) {
        throw new IllegalArgumentException("a batch is 1 to 1,000 changes, not " + changes);
      }
      this.batch = changes;
      return this;
    }

    /**
     * The clock of the passes and the status's delay; the importer's by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** {@return the sync} */
    public LegacySync build() {
      return new LegacySync(this);
    }
  }

  @Override
  public String toString() {
    return "LegacySync[" + options.sourceName() + "]";
  }
}
