package dev.gatehouse.imports.api;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.identity.PhoneNumbers;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of one import: which source it is (the name keys the legacy-id mapping), how big the
 * batches are and how conflicts, verification and placeholders are treated. Immutable and
 * thread-safe; built with {@link #builder(String)}.
 *
 * <pre>{@code
 * ImportOptions options = ImportOptions.builder("django")
 *     .batchSize(500)
 *     .conflictPolicy(ConflictPolicy.MERGE)
 *     .defaultRegion("MX")
 *     .ignoreEmailDomain("otp.local")
 *     .build();
 * }</pre>
 */
public final class ImportOptions {
  private final String sourceName;
  private final int batchSize;
  private final ConflictPolicy conflictPolicy;
  private final VerificationPolicy verificationPolicy;
  private final PhoneNumbers phones;
  private final Set<String> ignoredEmailDomains;
  private final boolean importSoftDeleted;
  private final Thresholds thresholds;
  private final boolean lenientPhones;
  private final dev.gatehouse.core.observe.GatehouseObserver observer;

  private ImportOptions(Builder b) {
    this.sourceName = b.sourceName;
    this.batchSize = b.batchSize;
    this.conflictPolicy = b.conflictPolicy;
    this.verificationPolicy = b.verificationPolicy;
    this.phones = PhoneNumbers.forRegion(b.defaultRegion);
    this.ignoredEmailDomains = Set.copyOf(b.ignoredEmailDomains);
    this.importSoftDeleted = b.importSoftDeleted;
    this.thresholds = b.thresholds;
    this.lenientPhones = b.lenientPhones;
    this.observer = b.observer;
  }

  /**
   * A builder.
   *
   * @param sourceName a stable name of the legacy system (1 to 100 characters of {@code
   *     [A-Za-z0-9._-]}); the mapping from legacy ids to new users is keyed by it, so the same
   *     source must always be imported under the same name
   * @return a builder with the defaults: batches of 500, {@link ConflictPolicy#QUARANTINE}, {@link
   *     VerificationPolicy#CARRY_OVER}, region {@code US} and {@link Thresholds#defaults()}
   * @throws IllegalArgumentException when the name is not acceptable
   */
  public static Builder builder(String sourceName) {
    return new Builder(sourceName);
  }

  /** {@return the source name keying the legacy-id mapping; never null} */
  public String sourceName() {
    return sourceName;
  }

  /** {@return the number of users per batch (and per transaction), 1 to 10000} */
  public int batchSize() {
    return batchSize;
  }

  /** {@return the conflict policy; never null} */
  public ConflictPolicy conflictPolicy() {
    return conflictPolicy;
  }

  /** {@return the verification policy; never null} */
  public VerificationPolicy verificationPolicy() {
    return verificationPolicy;
  }

  /** {@return the phone normaliser (its default region reads national numbers); never null} */
  public PhoneNumbers phones() {
    return phones;
  }

  /**
   * {@return the lower-case domains whose addresses are placeholders and are not imported as
   * emails; an immutable set, possibly empty}
   */
  public Set<String> ignoredEmailDomains() {
    return ignoredEmailDomains;
  }

  /**
   * {@return whether users soft-deleted in the source are imported (as deleted) instead of skipped}
   */
  public boolean importSoftDeleted() {
    return importSoftDeleted;
  }

  /** {@return the plan's failure thresholds; never null} */
  public Thresholds thresholds() {
    return thresholds;
  }

  /**
   * {@return whether a number that is possible for its region but not valid by libphonenumber's
   * ranges is imported (flagged in the plan) instead of dropped}
   */
  public boolean lenientPhones() {
    return lenientPhones;
  }

  /** The options as a short JSON-friendly text for the run's record; no secrets. */
  @Override
  public String toString() {
    return "ImportOptions[source="
        + sourceName
        + ", batchSize="
        + batchSize
        + ", conflicts="
        + conflictPolicy
        + ", verification="
        + verificationPolicy
        + ", defaultRegion="
        + phones.defaultRegion()
        + ", ignoredEmailDomains="
        + new TreeSet<>(ignoredEmailDomains)
        + ", importSoftDeleted="
        + importSoftDeleted
        + ", lenientPhones="
        + lenientPhones
        + "]";
  }

  /**
   * {@return who observes each batch as an operation ({@code gatehouse.import.batch}, tag {@code
   * source}); {@link dev.gatehouse.core.observe.GatehouseObserver#none()} by default}
   */
  public dev.gatehouse.core.observe.GatehouseObserver observer() {
    return observer;
  }

  /** Fail-fast, single-threaded builder. */
  public static final class Builder {
    private final String sourceName;
    private int batchSize = 500;
    private ConflictPolicy conflictPolicy = ConflictPolicy.QUARANTINE;
    private VerificationPolicy verificationPolicy = VerificationPolicy.CARRY_OVER;
    private String defaultRegion = "US";
    private final Set<String> ignoredEmailDomains = new TreeSet<>();
    private boolean importSoftDeleted;
    private Thresholds thresholds = Thresholds.defaults();
    private boolean lenientPhones;
    private dev.gatehouse.core.observe.GatehouseObserver observer =
        dev.gatehouse.core.observe.GatehouseObserver.none();

    private Builder(String sourceName) {
      requireNonNull(sourceName, "sourceName");
      if (!sourceName.matches("[A-Za-z0-9._-]{1,100}")) {
        throw new IllegalArgumentException(
            "sourceName must be 1 to 100 characters of [A-Za-z0-9._-] but was '"
                + sourceName
                + "'");
      }
      this.sourceName = sourceName;
    }

    /**
     * Users per batch, 1 to 10000 (default 500).
     *
     * @param batchSize users per batch and per transaction
     * @return this builder
     * @throws IllegalArgumentException when outside 1 to 10000
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException("batchSize must be 1..10000 but was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * The conflict policy (default {@link ConflictPolicy#QUARANTINE}).
     *
     * @param policy the policy; not null
     * @return this builder
     */
    public Builder conflictPolicy(ConflictPolicy policy) {
      this.conflictPolicy = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The verification policy (default {@link VerificationPolicy#CARRY_OVER}).
     *
     * @param policy the policy; not null
     * @return this builder
     */
    public Builder verificationPolicy(VerificationPolicy policy) {
      this.verificationPolicy = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * ISO 3166 region for phones stored without a country (default {@code US}).
     *
     * @param region the region code, e.g. {@code MX}; not null
     * @return this builder
     */
    public Builder defaultRegion(String region) {
      PhoneNumbers.forRegion(requireNonNull(region, "region"));
      this.defaultRegion = region;
      return this;
    }

    /**
     * A placeholder domain (e.g. {@code otp.local}) whose addresses are not imported. May be called
     * several times; the domain is stored stripped and lower-cased.
     *
     * @param domain the bare domain, without {@code @}; not null
     * @return this builder
     * @throws IllegalArgumentException when blank or containing {@code @}
     */
    public Builder ignoreEmailDomain(String domain) {
      requireNonNull(domain, "domain");
      if (domain.isBlank() || domain.contains("@")) {
        throw new IllegalArgumentException("ignoreEmailDomain must be a domain but was " + domain);
      }
      this.ignoredEmailDomains.add(domain.strip().toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * Import soft-deleted users as deleted instead of skipping them (default false).
     *
     * @param v {@code true} to import them as deleted
     * @return this builder
     */
    public Builder importSoftDeleted(boolean v) {
      this.importSoftDeleted = v;
      return this;
    }

    /**
     * The plan's thresholds (default {@link Thresholds#defaults()}).
     *
     * @param thresholds the thresholds; not null
     * @return this builder
     */
    public Builder thresholds(Thresholds thresholds) {
      this.thresholds = requireNonNull(thresholds, "thresholds");
      return this;
    }

    /**
     * Accept phone numbers that have a possible length for their region but fall outside the ranges
     * libphonenumber knows (numbers a legacy app may well have verified by SMS); the plan counts
     * them as {@code phone:accepted_possible_only}. Default false: such numbers are dropped and
     * counted as {@code phone:not_valid_but_possible}.
     *
     * @param v {@code true} to accept them
     * @return this builder
     */
    public Builder lenientPhones(boolean v) {
      this.lenientPhones = v;
      return this;
    }

    /**
     * Observes each batch as one operation, for tracing (the starter passes its Micrometer
     * observer; default none).
     *
     * @param observer the observer
     * @return this builder
     */
    public Builder observer(dev.gatehouse.core.observe.GatehouseObserver observer) {
      this.observer = requireNonNull(observer, "observer");
      return this;
    }

    /** {@return the immutable options} */
    public ImportOptions build() {
      return new ImportOptions(this);
    }
  }

  /**
   * What to do when an incoming user's email or phone (after case-folding and E.164) already
   * belongs to another account, in the target database or earlier in the same import. Every
   * decision is recorded with both ids (the incoming legacy id and the existing account's public
   * id).
   */
  public enum ConflictPolicy {
    /** Keep the existing account and leave the incoming user out (counted as skipped). */
    SKIP,
    /**
     * Map the incoming legacy id onto the account that is verified: if the existing account is
     * verified it is kept as it is (missing phone or email filled in); if only the incoming user is
     * verified, the existing account takes over its password hash and verification; if neither is
     * verified the incoming user is quarantined. Counted as updated.
     */
    MERGE,
    /** Put the incoming user aside in the quarantine for a person to decide (counted as such). */
    QUARANTINE
  }

  /**
   * Limits that make a plan fail, each a percentage of the source's records; {@code null} means no
   * limit. A failed plan is a signal to fix the source or the options before running.
   *
   * @param maxUnsupportedHashesPercent users whose hash no login could verify
   * @param maxInvalidPhonesPercent users whose phone is not a valid number
   * @param maxQuarantinedPercent users that would be quarantined
   * @param maxUnreadablePercent rows that could not be read at all
   */
  public record Thresholds(
      Double maxUnsupportedHashesPercent,
      Double maxInvalidPhonesPercent,
      Double maxQuarantinedPercent,
      Double maxUnreadablePercent) {

    /**
     * {@return the default limits: 1% unsupported hashes, 1% unreadable rows, no limit on the rest}
     */
    public static Thresholds defaults() {
      return new Thresholds(1.0, null, null, 1.0);
    }

    /** {@return thresholds with no limit at all, so a plan never fails on them} */
    public static Thresholds none() {
      return new Thresholds(null, null, null, null);
    }
  }

  /** How the verification status of imported emails and phones is decided. */
  public enum VerificationPolicy {
    /** Carry over what the legacy system recorded; what it did not record is unverified. */
    CARRY_OVER,
    /**
     * Treat every imported email and phone as verified, for a legacy system that only let verified
     * users in (an explicit decision of the operator, never a default).
     */
    ASSUME_VERIFIED
  }

  /**
   * Told after each batch commits (the checkpoint is durable at that point). Returning {@code
   * false} stops the run cleanly after that batch; the next {@link
   * dev.gatehouse.imports.Importer#run} resumes it. Used for progress output and for stopping an
   * import at a maintenance window's end.
   */
  @FunctionalInterface
  public interface BatchListener {
    /**
     * @param seq the batch's number in its run, from 1
     * @param lastPosition the last source position the batch covered
     * @return whether to go on
     */
    boolean committed(int seq, long lastPosition);

    /** {@return a listener that never stops the run; stateless, so shareable across threads} */
    static BatchListener none() {
      return (seq, last) -> true;
    }
  }
}
