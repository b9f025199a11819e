package dev.gatehouse.imports;

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

  private ImportOptions(Builder b) {
    this.sourceName = b.sourceName;
    this.batchSize = b.batchSize;
    this.conflictPolicy = b.conflictPolicy;
    this.verificationPolicy = b.verificationPolicy;
    this.phones = PhoneNumbers.forRegion(b.defaultRegion);
    this.ignoredEmailDomains = Set.copyOf(b.ignoredEmailDomains);
    this.importSoftDeleted = b.importSoftDeleted;
    this.thresholds = b.thresholds;
  }

  /**
   * A builder.
   *
   * @param sourceName a stable name of the legacy system (1 to 100 characters of {@code
   *     [A-Za-z0-9._-]}); the mapping from legacy ids to new users is keyed by it, so the same
   *     source must always be imported under the same name
   * @throws IllegalArgumentException when the name is not acceptable
   */
  public static Builder builder(String sourceName) {
    return new Builder(sourceName);
  }

  /** The source name keying the legacy-id mapping. */
  public String sourceName() {
    return sourceName;
  }

  /** Users per batch (and per transaction). */
  public int batchSize() {
    return batchSize;
  }

  /** The conflict policy. */
  public ConflictPolicy conflictPolicy() {
    return conflictPolicy;
  }

  /** The verification policy. */
  public VerificationPolicy verificationPolicy() {
    return verificationPolicy;
  }

  /** The phone normaliser (its default region reads national numbers). */
  public PhoneNumbers phones() {
    return phones;
  }

  /** Lower-case domains whose addresses are placeholders and are not imported as emails. */
  public Set<String> ignoredEmailDomains() {
    return ignoredEmailDomains;
  }

  /** Whether users soft-deleted in the source are imported (as deleted) instead of skipped. */
  public boolean importSoftDeleted() {
    return importSoftDeleted;
  }

  /** The plan's failure thresholds. */
  public Thresholds thresholds() {
    return thresholds;
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
        + "]";
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

    /** Users per batch, 1 to 10000 (default 500). */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException("batchSize must be 1..10000 but was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** The conflict policy (default {@link ConflictPolicy#QUARANTINE}). */
    public Builder conflictPolicy(ConflictPolicy policy) {
      this.conflictPolicy = requireNonNull(policy, "policy");
      return this;
    }

    /** The verification policy (default {@link VerificationPolicy#CARRY_OVER}). */
    public Builder verificationPolicy(VerificationPolicy policy) {
      this.verificationPolicy = requireNonNull(policy, "policy");
      return this;
    }

    /** ISO 3166 region for phones stored without a country (default {@code US}). */
    public Builder defaultRegion(String region) {
      PhoneNumbers.forRegion(requireNonNull(region, "region"));
      this.defaultRegion = region;
      return this;
    }

    /** A placeholder domain (e.g. {@code otp.local}) whose addresses are not imported. */
    public Builder ignoreEmailDomain(String domain) {
      requireNonNull(domain, "domain");
      if (domain.isBlank() || domain.contains("@")) {
        throw new IllegalArgumentException("ignoreEmailDomain must be a domain but was " + domain);
      }
      this.ignoredEmailDomains.add(domain.strip().toLowerCase(Locale.ROOT));
      return this;
    }

    /** Import soft-deleted users as deleted instead of skipping them (default false). */
    public Builder importSoftDeleted(boolean v) {
      this.importSoftDeleted = v;
      return this;
    }

    /** The plan's thresholds (default {@link Thresholds#defaults()}). */
    public Builder thresholds(Thresholds thresholds) {
      this.thresholds = requireNonNull(thresholds, "thresholds");
      return this;
    }

    /** Builds the options. */
    public ImportOptions build() {
      return new ImportOptions(this);
    }
  }
}
