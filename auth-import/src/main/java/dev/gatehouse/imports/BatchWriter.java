package dev.gatehouse.imports;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.store.DeviceStore;
import dev.gatehouse.core.store.DeviceStore.DeviceRecord;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.LegacyUser;
import dev.gatehouse.imports.internal.BeforeImages;
import dev.gatehouse.imports.internal.Decider;
import dev.gatehouse.imports.internal.Decision;
import dev.gatehouse.imports.internal.HashLabels;
import dev.gatehouse.imports.internal.ImportBatchRow;
import dev.gatehouse.imports.internal.ImportChangeRow;
import dev.gatehouse.imports.internal.ImportIssueRow;
import dev.gatehouse.imports.internal.ImportMappingRow;
import dev.gatehouse.imports.internal.Ledger;
import dev.gatehouse.imports.internal.LedgerIds;
import dev.gatehouse.imports.internal.LedgerSql;
import dev.gatehouse.imports.internal.PreparedUser;
import dev.gatehouse.jpa.JpaAuthStore.BulkTransaction;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Writes one batch's records inside the batch's transaction: creates accounts, merges records into
 * existing accounts (recording their before-images), and records the legacy-id mappings, the
 * changes a rollback undoes and the records set aside. One instance per batch; not thread-safe.
 */
final class BatchWriter implements Decider.Targets {
  private static final Pattern MARKS = Pattern.compile("\\p{M}");
  private static final Map<Decision.Action, String> OUTCOMES =
      Map.of(
          Decision.Action.CREATE, "CREATED",
          Decision.Action.MERGE, "MERGED",
          Decision.Action.SKIP, "SKIPPED",
          Decision.Action.QUARANTINE, "QUARANTINED");
  private final BulkTransaction tx;
  private final Ledger.Reader reader;
  private final GatehouseConfig config;
  private final PasswordHashing hashing;
  private final BeforeImages images;
  private final String runId;
  private final ImportBatchRow batch;
  private final ImportOptions options;
  private final Instant now;
  private final Map<String, String> legacyByUser = new HashMap<>();
  private final Map<String, String> userByLegacy = new HashMap<>();
  private final Set<String> issueKeys = new HashSet<>();
  private final String userEntity;

  // What the batch knows of the target, read with one query per kind of key for the whole batch
  // (prefetch) and kept up to date with what the batch itself creates and merges. A key present
  // with a null value is known to be free; a key absent was not read and is looked up one by one.
  private final Map<String, String> mappedByLegacy = new HashMap<>();
  private final Map<String, String> accountByEmail = new HashMap<>();
  private final Map<String, String> accountByPhone = new HashMap<>();
  private final Map<String, String> accountByUsername = new HashMap<>();
  private final Map<String, Decider.Existing> accounts = new HashMap<>();

  /** The known accounts' identifiers without case and accents (see {@link #lookup}). */
  private final Set<String> folded = new HashSet<>();

  /** New plain accounts not yet written: stored together before anything reads the users. */
  private final List<UserRecord> pendingUsers = new ArrayList<>();

  // The ledger rows, stored at the end of the batch grouped by table, so that they go out in JDBC
  // batches of one statement each (interleaved, every row would be a batch of its own).
  private final List<ImportMappingRow> mappingRows = new ArrayList<>();
  private final List<ImportChangeRow> changeRows = new ArrayList<>();
  private final List<ImportIssueRow> issueRows = new ArrayList<>();

  int created;
  int updated;
  int skipped;
  int quarantined;
  private int changeSeq;

  /**
   * @param tx the batch's transaction
   * @param reader lookups of what earlier batches imported
   * @param config the configuration (the default profile's role)
   * @param hashing the hashing whose formats are supported
   * @param images the before-images of the host's user entity
   * @param batch the batch's checkpoint row, already inserted
   * @param options the run's options
   * @param now the batch's time
   * @param userEntity the host's user entity name, for the batch's lookups
   */
  BatchWriter(
      BulkTransaction tx,
      Ledger.Reader reader,
      GatehouseConfig config,
      PasswordHashing hashing,
      BeforeImages images,
      ImportBatchRow batch,
      ImportOptions options,
      Instant now,
      String userEntity) {
    this.tx = tx;
    this.reader = reader;
    this.config = config;
    this.hashing = hashing;
    this.images = images;
    this.runId = batch.runId();
    this.batch = batch;
    this.options = options;
    this.now = now;
    this.userEntity = userEntity;
  }

  /**
   * Reads, for the whole batch, which legacy ids are already imported and which accounts hold the
   * batch's emails, phones and usernames: four queries instead of three or four per record. The
   * decisions are the same as with one lookup per record, because the batch's own creations and
   * merges update what is read here.
   */
  void prefetch(List<PreparedUser> users) {
    List<String> legacyIds = new ArrayList<>(users.size());
    List<String> emails = new ArrayList<>();
    List<String> phones = new ArrayList<>();
    List<String> usernames = new ArrayList<>();
    for (PreparedUser u : users) {
      legacyIds.add(u.source.legacyId());
      if (u.emailCanonical != null) {
        emails.add(u.emailCanonical);
      }
      if (u.phone != null) {
        phones.add(u.phone);
      }
      if (u.usernameCanonical != null) {
        usernames.add(u.usernameCanonical);
      }
    }
    for (String id : legacyIds) {
      mappedByLegacy.put(id, null);
    }
    if (!legacyIds.isEmpty()) {
      mappedByLegacy.putAll(reader.mappedUsers(options.sourceName(), legacyIds));
    }
    prefetch("emailNormalized", emails, accountByEmail);
    prefetch("phone", phones, accountByPhone);
    prefetch("usernameNormalized", usernames, accountByUsername);
  }

  private void prefetch(String attribute, List<String> values, Map<String, String> index) {
    for (String v : values) {
      index.put(v, null);
    }
    if (values.isEmpty()) {
      return;
    }
    Set<String> asked = new HashSet<>(values);
    boolean collated = false;
    for (Ledger.UserKeys k : reader.users(userEntity, attribute, values)) {
      String matched =
          switch (attribute) {
            case "emailNormalized" -> k.emailCanonical();
            case "phone" -> k.phone();
            default -> k.usernameCanonical();
          };
      // The database's collation matched a value that is not one asked for (case, accents).
      collated |= !asked.contains(matched);
      know(
          k.publicId(),
          k.emailCanonical(),
          k.phone(),
          k.usernameCanonical(),
          new Decider.Existing(
              k.publicId(),
              k.verified(),
              k.hasPassword(),
              k.lastLoginAt(),
              k.createdAt(),
              k.emailCanonical(),
              k.phone(),
              k.usernameCanonical()));
    }
    if (collated) {
      // Which asked value it matched, only the database knows: those left free are asked again
      // one by one.
      for (String v : values) {
        if (index.get(v) == null) {
          index.remove(v);
        }
      }
    }
  }

  /** Records an account as the batch now sees it, under each of its identifiers. */
  private void know(
      String publicId, String email, String phone, String username, Decider.Existing existing) {
    accounts.put(publicId, existing);
    for (String key : new String[] {email, phone, username}) {
      if (key != null) {
        folded.add(fold(key));
      }
    }
    if (email != null) {
      accountByEmail.put(email, publicId);
    }
    if (phone != null) {
      accountByPhone.put(phone, publicId);
    }
    if (username != null) {
      accountByUsername.put(username, publicId);
    }
  }

  private void know(UserRecord u) {
    know(
        u.publicId().toString(),
        u.emailCanonical(),
        u.phone(),
        u.usernameCanonical(),
        Decider.existing(u));
  }

  private static String fold(String key) {
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) >= 0x80) {
        return MARKS
            .matcher(Normalizer.normalize(key, Normalizer.Form.NFD))
            .replaceAll("")
            .toLowerCase(Locale.ROOT);
      }
    }
    // ASCII has no combining marks: the decomposition would return it unchanged.
    return key.toLowerCase(Locale.ROOT);
  }

  private Optional<Decider.Existing> lookup(
      Map<String, String> index,
      String key,
      java.util.function.Function<String, Optional<UserRecord>> query) {
    if (index.containsKey(key)) {
      String publicId = index.get(key);
      if (publicId != null) {
        return Optional.of(accounts.get(publicId));
      }
      if (!folded.contains(fold(key))) {
        return Optional.empty();
      }
      // A known account's identifier differs from this one only in case or accents: whether they
      // collide is the database's collation's call (MariaDB's default ignores both).
    }
    storePending();
    Optional<UserRecord> found = query.apply(key);
    found.ifPresent(this::know);
    return found.map(Decider::existing);
  }

  @Override
  public Optional<String> mapped(String legacyId) {
    String local = userByLegacy.get(legacyId);
    if (local != null) {
      return Optional.of(local);
    }
    if (mappedByLegacy.containsKey(legacyId)) {
      return Optional.ofNullable(mappedByLegacy.get(legacyId));
    }
    return reader.mappedUser(options.sourceName(), legacyId);
  }

  @Override
  public Optional<Decider.Existing> byEmail(String canonical) {
    return lookup(accountByEmail, canonical, tx.users()::findByEmail);
  }

  @Override
  public Optional<Decider.Existing> byPhone(String e164) {
    return lookup(accountByPhone, e164, tx.users()::findByPhone);
  }

  @Override
  public Optional<Decider.Existing> byUsername(String canonical) {
    return lookup(accountByUsername, canonical, tx.users()::findByUsername);
  }

  /** {@return the record prepared for the decisions, or null when it is unreadable} */
  @Nullable PreparedUser prepare(LegacyRecord r) {
    return r.readable() ? PreparedUser.of(r.user(), options, hashing) : null;
  }

  /**
   * Writes one record.
   *
   * @param r the record
   * @param u the record {@link #prepare prepared}, null when it is unreadable
   * @param decider the run's decider
   */
  void write(LegacyRecord r, PreparedUser u, Decider decider) {
    if (!r.readable()) {
      quarantined++;
      issue(r, "QUARANTINED", "unreadable", r.error(), null);
      return;
    }
    Decision d = decider.decide(u, this);
    for (Decider.Note note : Decider.notes(u, d)) {
      issue(r, OUTCOMES.get(d.action()), note.reason(), note.detail(), note.existingPublicId());
    }
    switch (d.action()) {
      case CREATE:
        create(u, d.dropUsername());
        created++;
        break;
      case MERGE:
        merge(r, u, d);
        issue(r, "MERGED", d.reason(), d.detail(), d.existingPublicId());
        updated++;
        break;
      case SKIP:
        skipped++;
        if (!"already_imported".equals(d.reason())) {
          issue(r, "SKIPPED", d.reason(), d.detail(), d.existingPublicId());
        }
        break;
      default:
        quarantined++;
        issue(r, "QUARANTINED", d.reason(), d.detail(), d.existingPublicId());
    }
  }

  private void create(PreparedUser u, boolean dropUsername) {
    LegacyUser s = u.source;
    AccountFactory factory = AccountFactory.of(config);
    UserRecord.Builder account =
        factory
            .newAccount(now)
            .dateJoined(s.createdAt())
            .phone(u.phone)
            .passwordHash(u.passwordHash)
            .active(s.active())
            .verified(u.verified)
            .emailVerified(u.emailVerified)
            .phoneVerified(u.phoneVerified)
            .staff(s.staff())
            .superuser(s.superuser())
            .lastLoginAt(s.lastLoginAt())
            .deletedAt(s.deletedAt())
            .language(Importer.truncate(s.language(), 16))
            .timeZone(Importer.truncate(s.timeZone(), 64));
    if (u.email != null) {
      account.email(u.email, u.emailCanonical);
    }
    if (u.username != null && !dropUsername) {
      account.username(u.username, u.usernameCanonical);
    }
    UUID user;
    if (s.profiles().isEmpty() && s.devices().isEmpty()) {
      // The common case: stored with the batch's other plain accounts, a statement per hundreds.
      UserRecord fresh = account.build();
      pendingUsers.add(fresh);
      know(fresh);
      user = fresh.publicId();
    } else {
      UserRecord inserted = factory.insertUser(tx, account.build());
      know(inserted);
      user = inserted.publicId();
      addProfiles(user, s);
      for (LegacyUser.LegacyDevice d : s.devices()) {
        addDevice(user, d);
      }
    }
    String publicId = user.toString();
    legacyByUser.put(publicId, s.legacyId());
    userByLegacy.put(s.legacyId(), publicId);
    map(s.legacyId(), publicId, "CREATED");
    // No change row: the CREATED mapping is what a rollback reads to delete the account (and the
    // batch's CREATIONS_IN_MAPPINGS row keeps earlier builds from rolling it back).
  }

  private void addProfiles(UUID user, LegacyUser s) {
    if (s.profiles().isEmpty()) {
      addDefaultProfile(user);
      return;
    }
    int defaultIndex = 0;
    for (int i = 0; i < s.profiles().size(); i++) {
      if (s.profiles().get(i).defaultProfile()) {
        defaultIndex = i;
        break;
      }
    }
    for (int i = 0; i < s.profiles().size(); i++) {
      LegacyUser.LegacyProfile lp = s.profiles().get(i);
      Instant created = lp.createdAt() != null ? lp.createdAt() : now;
      tx.profiles()
          .create(
              new ProfileRecord(
                  null,
                  user,
                  Importer.truncate(lp.role() == null ? "USER" : lp.role(), 50),
                  Importer.truncate(lp.label(), 100),
                  PreparedUser.storableSettings(lp.settingsJson()),
                  lp.active(),
                  i == defaultIndex,
                  created,
                  created,
                  lp.person()));
    }
  }

  /** The profile every new account gets, through the one account factory. */
  private void addDefaultProfile(UUID user) {
    AccountFactory.of(config).addDefaultProfile(tx, user, now);
  }

  private Long addDevice(UUID user, LegacyUser.LegacyDevice d) {
    if (d.token() == null || d.token().isBlank() || d.token().length() > 255) {
      return null;
    }
    DeviceStore devices = tx.devices();
    if (devices.findByToken(user, d.token()).isPresent()) {
      return null;
    }
    return devices
        .create(
            new DeviceRecord(
                null,
                user,
                d.token(),
                Importer.truncate(d.platform(), 32),
                Importer.truncate(d.name(), 255),
                Importer.truncate(d.notificationToken(), 500),
                d.linkedAt() != null ? d.linkedAt() : now,
                null))
        .id();
  }

  /**
   * Stores what the batch holds: pending accounts, then its ledger rows (its own row first). Once.
   */
  void finish() {
    storePending();
    change(ImportChangeRow.CREATIONS_IN_MAPPINGS, batch.id(), null, null);
    LedgerSql.of(tx)
        .insertBatch(
            batch.withCounts(created, updated, skipped, quarantined),
            mappingRows,
            changeRows,
            issueRows);
  }

  /**
   * Writes the accounts created since the last call, with their default profiles. Called before the
   * users are read and at the end of the batch.
   */
  void storePending() {
    if (pendingUsers.isEmpty()) {
      return;
    }
    tx.insertUsersWithDefaultProfile(
        List.copyOf(pendingUsers), AccountFactory.of(config).defaultProfileRole(), now);
    pendingUsers.clear();
  }

  private void merge(LegacyRecord r, PreparedUser u, Decision d) {
    storePending();
    UserRecord t =
        tx.users()
            .findByPublicId(UUID.fromString(d.existingPublicId()))
            .orElseThrow(() -> new IllegalStateException("merge target vanished"));
    UserRecord.Builder m = t.toBuilder();
    if (d.takeCredentials()) {
      if (u.passwordHash != null) {
        m.passwordHash(u.passwordHash);
      }
      m.verified(true);
      m.lastLoginAt(Decider.latest(t.lastLoginAt(), u.source.lastLoginAt()));
    }
    if (d.credential() != null) {
      // The password that loses is kept here, so support can give it back.
      boolean existingLoses = d.takeCredentials();
      issue(
          r,
          "MERGED",
          Decider.DISCARDED_CREDENTIAL,
          existingLoses
              ? discarded(t.passwordHash(), t.lastLoginAt(), t.dateJoined())
              : discarded(u.passwordHash, u.source.lastLoginAt(), u.source.createdAt()),
          d.existingPublicId());
    }
    if (t.email() == null && u.email != null) {
      m.email(u.email, u.emailCanonical);
    }
    if (u.emailCanonical != null
        && u.emailCanonical.equals(m.build().emailCanonical())
        && u.emailVerified) {
      m.emailVerified(true);
    }
    if (t.phone() == null && u.phone != null) {
      m.phone(u.phone);
    }
    if (u.phone != null && u.phone.equals(m.build().phone()) && u.phoneVerified) {
      m.phoneVerified(true);
    }
    know(m.build());
    if (!m.build().equals(t)) {
      UserRecord merged = m.modifiedAt(now).build();
      tx.users().update(merged);
      change(
          "USER_UPDATED",
          d.existingPublicId(),
          null,
          images.image(BeforeImages.attributes(t), BeforeImages.attributes(merged)));
    }
    for (LegacyUser.LegacyDevice device : u.source.devices()) {
      Long id = addDevice(t.publicId(), device);
      if (id != null) {
        change("DEVICE_CREATED", d.existingPublicId(), id, null);
      }
    }
    map(u.source.legacyId(), d.existingPublicId(), "MERGED");
    userByLegacy.put(u.source.legacyId(), d.existingPublicId());
    // The batch runs without auto-flush: later lookups must see the merged identifiers.
    tx.flush();
  }

  private static String discarded(String hash, Instant lastLogin, Instant joined) {
    return "discarded password ("
        + HashLabels.label(hash)
        + ", last login "
        + (lastLogin == null ? "never" : lastLogin)
        + ", joined "
        + joined
        + "): "
        + hash;
  }

  private void map(String legacyId, String publicId, String action) {
    mappingRows.add(
        new ImportMappingRow(
            LedgerIds.next(), options.sourceName(), legacyId, publicId, action, batch.id(), now));
  }

  private void change(String kind, String publicId, Long rowId, String before) {
    changeRows.add(
        new ImportChangeRow(
            LedgerIds.next(), batch.id(), ++changeSeq, kind, publicId, rowId, before));
  }

  /**
   * Records one decision in the issue log, once: a row is keyed by source, legacy id (the line for
   * a record without one), outcome and reason, and a re-run that comes to the same decision for the
   * same record adds no second row (the first keeps its run and batch).
   */
  private void issue(
      LegacyRecord r, String outcome, String reason, String detail, String existing) {
    String legacyId = Importer.truncate(r.legacyId(), 191);
    String shortReason = Importer.truncate(reason, 64);
    String key = legacyId + "\u0000" + r.line() + "\u0000" + outcome + "\u0000" + shortReason;
    if (!issueKeys.add(key)
        || reader.hasIssue(options.sourceName(), legacyId, r.line(), outcome, shortReason)) {
      return;
    }
    String existingLegacy = null;
    if (existing != null) {
      existingLegacy = legacyByUser.get(existing);
      if (existingLegacy == null) {
        existingLegacy = reader.legacyIdOf(options.sourceName(), existing).orElse(null);
      }
    }
    issueRows.add(
        new ImportIssueRow(
            LedgerIds.next(),
            runId,
            batch.id(),
            options.sourceName(),
            legacyId,
            r.line(),
            outcome,
            shortReason,
            Importer.truncate(detail, 1000),
            existing,
            Importer.truncate(existingLegacy, 191),
            now));
  }
}
