package dev.gatehouse.imports;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.internal.NewAccounts;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.store.DeviceRecord;
import dev.gatehouse.core.store.DeviceStore;
import dev.gatehouse.core.store.EntityClasses;
import dev.gatehouse.core.store.ProfileRecord;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.imports.internal.Decider;
import dev.gatehouse.imports.internal.Decision;
import dev.gatehouse.imports.internal.ImportBatchRow;
import dev.gatehouse.imports.internal.ImportChangeRow;
import dev.gatehouse.imports.internal.ImportIssueRow;
import dev.gatehouse.imports.internal.ImportMappingRow;
import dev.gatehouse.imports.internal.ImportRunRow;
import dev.gatehouse.imports.internal.PreparedUser;
import dev.gatehouse.imports.internal.Rollbacks;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes users over from a legacy system: {@link #plan} (a dry run that writes nothing), {@link
 * #run} (batches, each its own transaction and checkpoint, resumable), {@link #rollbackBatch} /
 * {@link #rollbackRun} and {@link #resolve} (legacy id to the new account's public id).
 *
 * <pre>{@code
 * Importer importer = Importer.builder()
 *     .dataSource(dataSource)
 *     .entityManagerFactory(GatehouseJpa.bootstrap(dataSource, entities, GatehouseImports.entityClasses()))
 *     .entities(entities).config(config).hashing(hashing)
 *     .build();
 * ImportOptions options = ImportOptions.builder("django").conflictPolicy(ConflictPolicy.MERGE).build();
 * PlanReport plan = importer.plan(source, options);
 * if (plan.passed()) {
 *   RunReport run = importer.run(source, options);   // call again after a crash: it resumes
 * }
 * }</pre>
 *
 * <p>Password hashes are stored as they are: the accounts service verifies legacy formats and
 * upgrades them at the user's first login. A user with no usable password becomes a passwordless
 * (code sign-in) account. Thread-safe, but one source name must not be run by two processes at
 * once.
 */
public final class Importer {
  private static final Logger log = LoggerFactory.getLogger(Importer.class);
  private static final int MAX_SAMPLES = 200;

  private final DataSource dataSource;
  private final JpaAuthStore store;
  private final GatehouseConfig config;
  private final PasswordHashing hashing;
  private final Clock clock;
  private final Rollbacks rollbacks;

  private Importer(Builder b) {
    this.dataSource = b.dataSource;
    this.store = new JpaAuthStore(b.emf, b.entities);
    this.config = b.config;
    this.hashing = b.hashing;
    this.clock = b.clock;
    Map<String, String> tables = GatehouseMigrations.tableParameters(b.entities);
    this.rollbacks =
        new Rollbacks(
            dataSource,
            tables.get("gatehouse.table.user"),
            tables.get("gatehouse.table.profile"),
            tables.get("gatehouse.table.device"),
            clock);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  // ---- plan ---------------------------------------------------------------------------------

  /**
   * Reads the whole source and reports what a run would do, writing nothing. Holds the case-folded
   * emails and phones of the source in memory to find collisions within it (about 100 bytes per
   * user).
   *
   * @param source the legacy source
   * @param options the options the run would use
   * @return the report; {@link PlanReport#passed()} is false when a threshold is exceeded
   * @throws ImportSourceException when the source fails as a whole
   */
  public PlanReport plan(LegacySource source, ImportOptions options) {
    requireNonNull(source, "source");
    requireNonNull(options, "options");
    Decider decider = new Decider(options);
    return store.inTransaction(
        tx -> {
          try (Connection c = dataSource.getConnection();
              LegacySource.RecordStream stream = source.open()) {
            PlanCounter k = new PlanCounter();
            Map<String, Decider.Existing> emails = new HashMap<>();
            Map<String, Decider.Existing> phones = new HashMap<>();
            Map<String, Decider.Existing> usernames = new HashMap<>();
            Set<String> seenEmails = new HashSet<>();
            Set<String> seenPhones = new HashSet<>();
            Set<String> seenLegacy = new HashSet<>();
            Decider.Targets targets =
                new Decider.Targets() {
                  @Override
                  public Optional<String> mapped(String legacyId) {
                    return seenLegacy.contains(legacyId)
                        ? Optional.of("(earlier record)")
                        : mappedUser(c, options.sourceName(), legacyId);
                  }

                  @Override
                  public Optional<Decider.Existing> byEmail(String canonical) {
                    Decider.Existing e = emails.get(canonical);
                    return e != null
                        ? Optional.of(e)
                        : tx.findUserByEmail(canonical).map(Importer::existing);
                  }

                  @Override
                  public Optional<Decider.Existing> byPhone(String e164) {
                    Decider.Existing e = phones.get(e164);
                    return e != null
                        ? Optional.of(e)
                        : tx.findUserByPhone(e164).map(Importer::existing);
                  }

                  @Override
                  public Optional<Decider.Existing> byUsername(String canonical) {
                    Decider.Existing e = usernames.get(canonical);
                    return e != null
                        ? Optional.of(e)
                        : tx.findUserByUsername(canonical).map(Importer::existing);
                  }
                };
            while (stream.hasNext()) {
              LegacyRecord r = stream.next();
              k.records++;
              if (!r.readable()) {
                k.unreadable++;
                k.count(Decision.Action.QUARANTINE, "unreadable", r, r.error());
                continue;
              }
              PreparedUser u = PreparedUser.of(r.user(), options, hashing);
              k.hashFormats.merge(u.hashLabel, 1L, Long::sum);
              if (u.hasUsablePassword() && !u.hashSupported) {
                k.unsupported.merge(u.hashLabel, 1L, Long::sum);
                k.sample(r, "unsupported_hash", u.hashLabel);
              }
              if (u.invalidPhone) {
                k.invalidPhones++;
                k.sample(r, "invalid_phone", null);
              }
              if (u.problems.contains("invalid_email")) {
                k.invalidEmails++;
                k.sample(r, "invalid_email", null);
              }
              if (!u.hasUsableIdentifier()) {
                k.noIdentifier++;
              }
              if ((u.email != null && !u.emailVerified) || (u.phone != null && !u.phoneVerified)) {
                k.unverified++;
              }
              if (!r.user().active()) {
                k.inactive++;
              }
              if (r.user().deletedAt() != null) {
                k.softDeleted++;
              }
              if (u.emailCanonical != null) {
                if (!seenEmails.add(u.emailCanonical)) {
                  k.emailInSource++;
                } else if (tx.findUserByEmail(u.emailCanonical).isPresent()) {
                  k.emailInTarget++;
                }
              }
              if (u.phone != null) {
                if (!seenPhones.add(u.phone)) {
                  k.phoneInSource++;
                } else if (tx.findUserByPhone(u.phone).isPresent()) {
                  k.phoneInTarget++;
                }
              }
              Decision d = decider.decide(u, targets);
              seenLegacy.add(r.user().legacyId());
              k.count(d.action(), d.reason(), r, d.detail());
              if (d.action() == Decision.Action.CREATE) {
                Decider.Existing e =
                    new Decider.Existing("plan:" + r.user().legacyId(), u.verified);
                if (u.emailCanonical != null) {
                  emails.put(u.emailCanonical, e);
                }
                if (u.phone != null) {
                  phones.put(u.phone, e);
                }
                if (u.usernameCanonical != null && !d.dropUsername()) {
                  usernames.put(u.usernameCanonical, e);
                }
              } else if (d.action() == Decision.Action.MERGE && d.takeCredentials()) {
                Decider.Existing e = new Decider.Existing(d.existingPublicId(), true);
                if (u.emailCanonical != null) {
                  emails.put(u.emailCanonical, e);
                }
                if (u.phone != null) {
                  phones.put(u.phone, e);
                }
              }
            }
            return k.report(source, options);
          } catch (SQLException e) {
            throw new ImportSourceException("cannot read the import mapping", e);
          }
        });
  }

  private static Decider.Existing existing(AuthUserBase u) {
    return new Decider.Existing(u.getPublicId().toString(), u.isVerified());
  }

  private static final class PlanCounter {
    long records;
    long unreadable;
    long invalidPhones;
    long invalidEmails;
    long noIdentifier;
    long unverified;
    long inactive;
    long softDeleted;
    long emailInSource;
    long phoneInSource;
    long emailInTarget;
    long phoneInTarget;
    final Map<String, Long> hashFormats = new TreeMap<>();
    final Map<String, Long> unsupported = new TreeMap<>();
    final Map<Decision.Action, Long> actions = new HashMap<>();
    final Map<String, Long> reasons = new TreeMap<>();
    final List<Map<String, Object>> samples = new ArrayList<>();

    void count(Decision.Action action, String reason, LegacyRecord r, String detail) {
      actions.merge(action, 1L, Long::sum);
      if (reason != null) {
        reasons.merge(
            action.name().toLowerCase(java.util.Locale.ROOT) + ":" + reason, 1L, Long::sum);
        if (action != Decision.Action.SKIP || !"already_imported".equals(reason)) {
          sample(r, reason, detail);
        }
      }
    }

    void sample(LegacyRecord r, String reason, String detail) {
      if (samples.size() < MAX_SAMPLES) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", r.line());
        m.put("legacyId", r.legacyId());
        m.put("reason", reason);
        if (detail != null) {
          m.put("detail", detail);
        }
        samples.add(m);
      }
    }

    PlanReport report(LegacySource source, ImportOptions options) {
      List<String> failures = new ArrayList<>();
      Thresholds t = options.thresholds();
      long unsupportedCount = unsupported.values().stream().mapToLong(Long::longValue).sum();
      check(failures, "unsupported hashes", unsupportedCount, t.maxUnsupportedHashesPercent());
      check(failures, "invalid phones", invalidPhones, t.maxInvalidPhonesPercent());
      check(
          failures,
          "quarantined users",
          actions.getOrDefault(Decision.Action.QUARANTINE, 0L),
          t.maxQuarantinedPercent());
      check(failures, "unreadable rows", unreadable, t.maxUnreadablePercent());
      return new PlanReport(
          source.describe(),
          options.sourceName(),
          records,
          unreadable,
          hashFormats,
          unsupported,
          invalidPhones,
          invalidEmails,
          noIdentifier,
          unverified,
          inactive,
          softDeleted,
          emailInSource,
          phoneInSource,
          emailInTarget,
          phoneInTarget,
          actions.getOrDefault(Decision.Action.CREATE, 0L),
          actions.getOrDefault(Decision.Action.MERGE, 0L),
          actions.getOrDefault(Decision.Action.SKIP, 0L),
          actions.getOrDefault(Decision.Action.QUARANTINE, 0L),
          reasons,
          List.copyOf(failures),
          samples);
    }

    private void check(List<String> failures, String what, long count, Double maxPercent) {
      if (maxPercent == null || records == 0) {
        return;
      }
      double percent = 100.0 * count / records;
      if (percent > maxPercent) {
        failures.add(
            String.format(
                java.util.Locale.ROOT,
                "%s: %d of %d (%.2f%%) exceeds %.2f%%",
                what,
                count,
                records,
                percent,
                maxPercent));
      }
    }
  }

  // ---- run ----------------------------------------------------------------------------------

  /** As {@link #run(LegacySource, ImportOptions, BatchListener)} without a listener. */
  public RunReport run(LegacySource source, ImportOptions options) {
    return run(source, options, BatchListener.none());
  }

  /**
   * Imports the source in batches of {@link ImportOptions#batchSize()}, each its own transaction
   * that also records the batch (the checkpoint), the legacy-id mappings, the before-images and the
   * records set aside. If the last run of this source name did not complete, this call resumes it
   * after its last committed batch; records already mapped are skipped, so re-running a finished
   * import changes nothing.
   *
   * <p>A failure of the source or of a batch's transaction does not throw: the batch is rolled back
   * (no half-written user), the run is marked {@code FAILED} with the error and the report says so;
   * call again to resume.
   *
   * @param source the legacy source, read in a stable order
   * @param options the options
   * @param listener told after each commit; may stop the run
   * @return the totals of the run
   */
  public RunReport run(LegacySource source, ImportOptions options, BatchListener listener) {
    requireNonNull(source, "source");
    requireNonNull(options, "options");
    requireNonNull(listener, "listener");
    String runId;
    long resumeAfter;
    int seq;
    try (Connection c = dataSource.getConnection()) {
      Optional<String> unfinished = unfinishedRun(c, options.sourceName());
      if (unfinished.isPresent()) {
        runId = unfinished.get();
        resumeAfter = lastPosition(c, runId);
        seq = lastSeq(c, runId);
        setRunStatus(c, runId, "RUNNING", null, false);
        log.info(
            "Resuming import run {} of {} after record {}",
            runId,
            options.sourceName(),
            resumeAfter);
      } else {
        runId = UUID.randomUUID().toString();
        resumeAfter = 0;
        seq = 0;
        ImportRunRow run =
            new ImportRunRow(
                runId,
                options.sourceName(),
                "RUNNING",
                truncate(options.toString(), 2000),
                now(),
                null,
                null);
        store.inTransaction(
            tx -> {
              tx.insert(run);
              return null;
            });
        log.info(
            "Starting import run {} of {} from {}", runId, options.sourceName(), source.describe());
      }
    } catch (SQLException e) {
      throw new ImportSourceException("cannot read the import bookkeeping tables", e);
    }
    String status = "COMPLETED";
    String error = null;
    Decider decider = new Decider(options);
    try (Connection c = dataSource.getConnection();
        LegacySource.RecordStream stream = source.open()) {
      List<LegacyRecord> batch = new ArrayList<>(options.batchSize());
      boolean more = true;
      while (more) {
        batch.clear();
        try {
          while (batch.size() < options.batchSize() && stream.hasNext()) {
            LegacyRecord r = stream.next();
            if (r.position() > resumeAfter) {
              batch.add(r);
            }
          }
        } catch (RuntimeException e) {
          // The source failed: keep what was read before the failure out of the database, so the
          // checkpoint stays exactly at the last committed batch.
          status = "FAILED";
          error = "source failed: " + describe(e);
          log.warn("Import run {} stopped: the source failed ({})", runId, describe(e));
          break;
        }
        if (batch.isEmpty()) {
          break;
        }
        seq++;
        try {
          writeBatch(c, runId, seq, List.copyOf(batch), options, decider);
        } catch (RuntimeException e) {
          status = "FAILED";
          error = "batch " + seq + " failed: " + describe(e);
          log.warn("Import run {} stopped: batch {} rolled back ({})", runId, seq, describe(e));
          break;
        }
        if (!listener.committed(seq, batch.get(batch.size() - 1).position())) {
          status = "STOPPED";
          break;
        }
      }
    } catch (SQLException e) {
      status = "FAILED";
      error = "database failed: " + describe(e);
    } catch (RuntimeException e) {
      status = "FAILED";
      error = "source failed: " + describe(e);
    }
    try (Connection c = dataSource.getConnection()) {
      setRunStatus(c, runId, status, error, "COMPLETED".equals(status));
      RunReport report = totals(c, runId, options.sourceName(), status, resumeAfter, error);
      log.info(
          "Import run {} {}: created {}, updated {}, skipped {}, quarantined {}",
          runId,
          status,
          report.created(),
          report.updated(),
          report.skipped(),
          report.quarantined());
      return report;
    } catch (SQLException e) {
      throw new ImportSourceException("cannot record the end of import run " + runId, e);
    }
  }

  private void writeBatch(
      Connection c,
      String runId,
      int seq,
      List<LegacyRecord> records,
      ImportOptions options,
      Decider decider) {
    // Lookups in the batch must not dirty-check the whole batch each time (that made the import
    // quadratic in the batch size); merges flush themselves before the next lookup.
    store.inBulkTransaction(
        tx -> {
          Instant now = now();
          ImportBatchRow batch =
              new ImportBatchRow(
                  UUID.randomUUID().toString(),
                  runId,
                  seq,
                  records.get(0).position(),
                  records.get(records.size() - 1).position(),
                  0,
                  0,
                  0,
                  0,
                  "COMMITTED",
                  now,
                  null);
          tx.insert(batch);
          BatchWriter w = new BatchWriter(tx, c, runId, batch, options, now);
          for (LegacyRecord r : records) {
            w.write(r, decider);
          }
          batch.setCreatedCount(w.created);
          batch.setUpdatedCount(w.updated);
          batch.setSkippedCount(w.skipped);
          batch.setQuarantinedCount(w.quarantined);
          tx.flush();
          return null;
        });
  }

  /** Writes one batch inside its transaction. */
  private final class BatchWriter implements Decider.Targets {
    final StoreTransaction tx;
    final Connection c;
    final String runId;
    final ImportBatchRow batch;
    final ImportOptions options;
    final Instant now;
    final Map<String, String> legacyByUser = new HashMap<>();
    final Map<String, String> userByLegacy = new HashMap<>();
    int created;
    int updated;
    int skipped;
    int quarantined;
    int changeSeq;

    BatchWriter(
        StoreTransaction tx,
        Connection c,
        String runId,
        ImportBatchRow batch,
        ImportOptions options,
        Instant now) {
      this.tx = tx;
      this.c = c;
      this.runId = runId;
      this.batch = batch;
      this.options = options;
      this.now = now;
    }

    @Override
    public Optional<String> mapped(String legacyId) {
      String local = userByLegacy.get(legacyId);
      return local != null ? Optional.of(local) : mappedUser(c, options.sourceName(), legacyId);
    }

    @Override
    public Optional<Decider.Existing> byEmail(String canonical) {
      return tx.findUserByEmail(canonical).map(Importer::existing);
    }

    @Override
    public Optional<Decider.Existing> byPhone(String e164) {
      return tx.findUserByPhone(e164).map(Importer::existing);
    }

    @Override
    public Optional<Decider.Existing> byUsername(String canonical) {
      return tx.findUserByUsername(canonical).map(Importer::existing);
    }

    void write(LegacyRecord r, Decider decider) {
      if (!r.readable()) {
        quarantined++;
        issue(r, "QUARANTINED", "unreadable", r.error(), null);
        return;
      }
      PreparedUser u = PreparedUser.of(r.user(), options, hashing);
      Decision d = decider.decide(u, this);
      switch (d.action()) {
        case CREATE:
          create(u, d.dropUsername());
          created++;
          break;
        case MERGE:
          merge(u, d);
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
      AuthUserBase user = tx.newUser();
      if (u.email != null) {
        user.setEmail(u.email, u.emailCanonical);
      }
      if (u.phone != null) {
        user.setPhone(u.phone);
      }
      if (u.username != null && !dropUsername) {
        user.setUsername(u.username, u.usernameCanonical);
      }
      user.setPasswordHash(u.passwordHash);
      user.setActive(s.active());
      user.setVerified(u.verified);
      user.setEmailVerified(u.emailVerified);
      user.setPhoneVerified(u.phoneVerified);
      user.setStaff(s.staff());
      user.setSuperuser(s.superuser());
      user.setLastLoginAt(s.lastLoginAt());
      user.setDeletedAt(s.deletedAt());
      user.setLanguage(truncate(s.language(), 16));
      user.setTimeZone(truncate(s.timeZone(), 64));
      user.touch(s.createdAt() != null ? s.createdAt() : now);
      user.touch(now);
      tx.insert(user);
      addProfiles(user, s);
      for (LegacyUser.LegacyDevice d : s.devices()) {
        addDevice(user, d);
      }
      String publicId = user.getPublicId().toString();
      legacyByUser.put(publicId, s.legacyId());
      userByLegacy.put(s.legacyId(), publicId);
      tx.insert(
          new ImportMappingRow(
              UUID.randomUUID().toString(),
              options.sourceName(),
              s.legacyId(),
              publicId,
              "CREATED",
              batch.id(),
              now));
      change("USER_CREATED", publicId, null, null);
    }

    private void addProfiles(AuthUserBase user, LegacyUser s) {
      if (s.profiles().isEmpty()) {
        NewAccounts.addDefaultProfile(tx, user, config, now);
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
                    user.getPublicId(),
                    truncate(lp.role() == null ? "USER" : lp.role(), 50),
                    truncate(lp.label(), 100),
                    lp.settingsJson() != null && lp.settingsJson().length() <= 4000
                        ? lp.settingsJson()
                        : null,
                    lp.active(),
                    i == defaultIndex,
                    created,
                    created));
      }
    }

    private Long addDevice(AuthUserBase user, LegacyUser.LegacyDevice d) {
      if (d.token() == null || d.token().isBlank() || d.token().length() > 255) {
        return null;
      }
      DeviceStore devices = tx.devices();
      if (devices.findByToken(user.getPublicId(), d.token()).isPresent()) {
        return null;
      }
      return devices
          .create(
              new DeviceRecord(
                  null,
                  user.getPublicId(),
                  d.token(),
                  truncate(d.platform(), 32),
                  truncate(d.name(), 255),
                  truncate(d.notificationToken(), 500),
                  d.linkedAt() != null ? d.linkedAt() : now,
                  null))
          .id();
    }

    private void merge(PreparedUser u, Decision d) {
      AuthUserBase t =
          tx.findUserByPublicId(UUID.fromString(d.existingPublicId()))
              .orElseThrow(() -> new IllegalStateException("merge target vanished"));
      String before = Rollbacks.beforeImage(t);
      if (d.takeCredentials()) {
        if (u.passwordHash != null) {
          t.setPasswordHash(u.passwordHash);
        }
        t.setVerified(true);
      }
      if (t.getEmail() == null && u.email != null) {
        t.setEmail(u.email, u.emailCanonical);
      }
      if (u.emailCanonical != null
          && u.emailCanonical.equals(t.getEmailNormalized())
          && u.emailVerified) {
        t.setEmailVerified(true);
      }
      if (t.getPhone() == null && u.phone != null) {
        t.setPhone(u.phone);
      }
      if (u.phone != null && u.phone.equals(t.getPhone()) && u.phoneVerified) {
        t.setPhoneVerified(true);
      }
      if (!before.equals(Rollbacks.beforeImage(t))) {
        t.touch(now);
        change("USER_UPDATED", d.existingPublicId(), null, before);
      }
      for (LegacyUser.LegacyDevice device : u.source.devices()) {
        Long id = addDevice(t, device);
        if (id != null) {
          change("DEVICE_CREATED", d.existingPublicId(), id, null);
        }
      }
      tx.insert(
          new ImportMappingRow(
              UUID.randomUUID().toString(),
              options.sourceName(),
              u.source.legacyId(),
              d.existingPublicId(),
              "MERGED",
              batch.id(),
              now));
      userByLegacy.put(u.source.legacyId(), d.existingPublicId());
      // The batch runs without auto-flush: later lookups must see the merged identifiers.
      tx.flush();
    }

    private void change(String kind, String publicId, Long rowId, String before) {
      tx.insert(
          new ImportChangeRow(
              UUID.randomUUID().toString(),
              batch.id(),
              ++changeSeq,
              kind,
              publicId,
              rowId,
              before));
    }

    private void issue(
        LegacyRecord r, String outcome, String reason, String detail, String existing) {
      String existingLegacy = null;
      if (existing != null) {
        existingLegacy = legacyByUser.get(existing);
        if (existingLegacy == null) {
          existingLegacy = legacyIdOf(c, options.sourceName(), existing).orElse(null);
        }
      }
      tx.insert(
          new ImportIssueRow(
              UUID.randomUUID().toString(),
              runId,
              batch.id(),
              options.sourceName(),
              truncate(r.legacyId(), 191),
              r.line(),
              outcome,
              truncate(reason, 64),
              truncate(detail, 1000),
              existing,
              truncate(existingLegacy, 191),
              now));
    }
  }

  // ---- rollback and resolve -----------------------------------------------------------------

  /**
   * Undoes one batch: the accounts it created are deleted (with their profiles and devices), the
   * accounts it changed get their before-images back, its mappings are removed and it is marked
   * {@code ROLLED_BACK}, all in one transaction. Batches are undone last first: only the newest
   * committed batch of its run can be rolled back.
   *
   * @param batchId the batch
   * @return how many accounts were deleted and restored
   * @throws IllegalStateException when the batch is unknown, already rolled back or not the newest
   * @throws ImportSourceException when the database fails (nothing is changed)
   */
  public RollbackReport rollbackBatch(String batchId) {
    requireNonNull(batchId, "batchId");
    return rollbacks.rollbackBatch(batchId);
  }

  /**
   * Undoes every committed batch of a run, newest first, each in its own transaction, and marks the
   * run {@code ROLLED_BACK}.
   *
   * @param runId the run
   * @return totals over the batches
   * @throws IllegalStateException when the run is unknown
   */
  public RollbackReport rollbackRun(String runId) {
    requireNonNull(runId, "runId");
    return rollbacks.rollbackRun(runId);
  }

  /**
   * The account a legacy id of a source became, so that content referring to old ids (a Mongo
   * collection's {@code user_id}) can be attached to the new accounts.
   *
   * @param sourceName the source name used for the import
   * @param legacyId the legacy id
   * @return the account's public id, or empty if the id was not imported (or was rolled back)
   */
  public Optional<UUID> resolve(String sourceName, String legacyId) {
    requireNonNull(sourceName, "sourceName");
    requireNonNull(legacyId, "legacyId");
    try (Connection c = dataSource.getConnection()) {
      return mappedUser(c, sourceName, legacyId).map(UUID::fromString);
    } catch (SQLException e) {
      throw new ImportSourceException("cannot read the import mapping", e);
    }
  }

  // ---- JDBC helpers -------------------------------------------------------------------------

  private static Optional<String> mappedUser(Connection c, String source, String legacyId) {
    return single(
        c,
        "select user_public_id from gh_import_mapping where source_name = ? and legacy_id = ?",
        source,
        legacyId);
  }

  private static Optional<String> legacyIdOf(Connection c, String source, String publicId) {
    return single(
        c,
        "select min(legacy_id) from gh_import_mapping where source_name = ? and user_public_id = ?",
        source,
        publicId);
  }

  private static Optional<String> single(Connection c, String sql, String a, String b) {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, a);
      ps.setString(2, b);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new ImportSourceException("cannot read the import mapping", e);
    }
  }

  private static Optional<String> unfinishedRun(Connection c, String source) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select id from gh_import_run where source_name = ? and status in"
                + " ('RUNNING','FAILED','STOPPED') order by started_at desc")) {
      ps.setString(1, source);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static long lastPosition(Connection c, String runId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select max(last_position) from gh_import_batch where run_id = ? and status ="
                + " 'COMMITTED'")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static int lastSeq(Connection c, String runId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select max(seq) from gh_import_batch where run_id = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private void setRunStatus(Connection c, String runId, String status, String error, boolean done)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update gh_import_run set status = ?, error = ?, finished_at = ? where id = ?")) {
      ps.setString(1, status);
      ps.setString(2, truncate(error, 1000));
      if (done) {
        ps.setTimestamp(3, Timestamp.from(now()), Rollbacks.utc());
      } else {
        ps.setNull(3, java.sql.Types.TIMESTAMP);
      }
      ps.setString(4, runId);
      ps.executeUpdate();
    }
  }

  private static RunReport totals(
      Connection c, String runId, String source, String status, long resumedFrom, String error)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select count(*), coalesce(sum(created_count),0), coalesce(sum(updated_count),0),"
                + " coalesce(sum(skipped_count),0), coalesce(sum(quarantined_count),0)"
                + " from gh_import_batch where run_id = ? and status = 'COMMITTED'")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long cr = rs.getLong(2);
        long up = rs.getLong(3);
        long sk = rs.getLong(4);
        long qu = rs.getLong(5);
        return new RunReport(
            runId,
            source,
            status,
            resumedFrom,
            rs.getInt(1),
            cr + up + sk + qu,
            cr,
            up,
            sk,
            qu,
            error);
      }
    }
  }

  private Instant now() {
    return clock.instant();
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + truncate(m, 300));
  }

  static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  /** Fail-fast, single-threaded builder; every setter but {@link #clock} is required. */
  public static final class Builder {
    private DataSource dataSource;
    private EntityManagerFactory emf;
    private EntityClasses entities;
    private GatehouseConfig config;
    private PasswordHashing hashing;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The target database (the same one the factory writes to). */
    public Builder dataSource(DataSource v) {
      this.dataSource = requireNonNull(v, "dataSource");
      return this;
    }

    /**
     * A factory over the host's entities, {@code GatehouseJpa.libraryEntityClasses()} and {@link
     * GatehouseImports#entityClasses()}.
     */
    public Builder entityManagerFactory(EntityManagerFactory v) {
      this.emf = requireNonNull(v, "entityManagerFactory");
      return this;
    }

    /** The host's entity classes. */
    public Builder entities(EntityClasses v) {
      this.entities = requireNonNull(v, "entities");
      return this;
    }

    /** The configuration (the default profile's role). */
    public Builder config(GatehouseConfig v) {
      this.config = requireNonNull(v, "config");
      return this;
    }

    /** The password hashing whose formats decide which hashes are supported. */
    public Builder hashing(PasswordHashing v) {
      this.hashing = requireNonNull(v, "hashing");
      return this;
    }

    /** The clock for the bookkeeping's timestamps (default UTC system clock). */
    public Builder clock(Clock v) {
      this.clock = requireNonNull(v, "clock");
      return this;
    }

    /**
     * @return the importer
     * @throws IllegalStateException naming the first missing setting
     * @throws dev.gatehouse.core.error.ConfigurationException when the factory lacks an entity
     */
    public Importer build() {
      require("dataSource", dataSource);
      require("entityManagerFactory", emf);
      require("entities", entities);
      require("config", config);
      require("hashing", hashing);
      return new Importer(this);
    }

    private static void require(String name, Object v) {
      if (v == null) {
        throw new IllegalStateException(name + " is required but was not set");
      }
    }
  }
}
