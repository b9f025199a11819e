package dev.gatehouse.imports.internal;

import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The target as a run would have left it so far, for the plan: the database (read, never written)
 * overlaid with every account the plan has created and every identifier a simulated merge has
 * added. The plan asks the one {@link Decider} against this view and applies each decision to it
 * with the same rule the run's writer follows ({@link Decider.Existing#merged}), so a merge that
 * carries a phone makes later records collide with it in the plan exactly as in the run. Holds the
 * touched accounts and their identifiers in memory. Not thread-safe. Internal: not API.
 */
public final class PlanView implements Decider.Targets {
  private final StoreTransaction tx;
  private final Ledger.Reader reader;
  private final String sourceName;
  private final Instant now;
  private final Map<String, Decider.Existing> accounts = new HashMap<>();
  private final Map<String, String> emails = new HashMap<>();
  private final Map<String, String> phones = new HashMap<>();
  private final Map<String, String> usernames = new HashMap<>();
  private final Set<String> mapped = new HashSet<>();

  /**
   * @param tx a read transaction on the target
   * @param reader the committed legacy-id mapping
   * @param sourceName the source name of the import
   * @param now the time a run would give accounts whose source has no creation time
   */
  public PlanView(StoreTransaction tx, Ledger.Reader reader, String sourceName, Instant now) {
    this.tx = tx;
    this.reader = reader;
    this.sourceName = sourceName;
    this.now = now;
  }

  @Override
  public Optional<String> mapped(String legacyId) {
    return mapped.contains(legacyId)
        ? Optional.of("(earlier record)")
        : reader.mappedUser(sourceName, legacyId);
  }

  @Override
  public Optional<Decider.Existing> byEmail(String canonical) {
    String id = emails.get(canonical);
    return id != null
        ? Optional.of(accounts.get(id))
        : current(tx.users().findByEmail(canonical).map(Decider::existing));
  }

  @Override
  public Optional<Decider.Existing> byPhone(String e164) {
    String id = phones.get(e164);
    return id != null
        ? Optional.of(accounts.get(id))
        : current(tx.users().findByPhone(e164).map(Decider::existing));
  }

  @Override
  public Optional<Decider.Existing> byUsername(String canonical) {
    String id = usernames.get(canonical);
    return id != null
        ? Optional.of(accounts.get(id))
        : current(tx.users().findByUsername(canonical).map(Decider::existing));
  }

  /** A stored account as the plan has already changed it, if it has. */
  private Optional<Decider.Existing> current(Optional<Decider.Existing> stored) {
    return stored.map(
        e -> {
          Decider.Existing known = accounts.get(e.publicId());
          return known == null ? e : known;
        });
  }

  /**
   * Applies a decision as the run would write it.
   *
   * @param user the prepared user
   * @param d the decision the {@link Decider} made against this view
   */
  public void apply(PreparedUser user, Decision d) {
    switch (d.action()) {
      case CREATE -> {
        Instant joined = user.source.createdAt() != null ? user.source.createdAt() : now;
        Decider.Existing e =
            new Decider.Existing(
                "plan:" + user.source.legacyId(),
                user.verified,
                user.hasUsablePassword(),
                user.source.lastLoginAt(),
                joined,
                user.emailCanonical,
                user.phone,
                d.dropUsername() ? null : user.usernameCanonical);
        put(e);
        mapped.add(user.source.legacyId());
      }
      case MERGE -> {
        Decider.Existing target =
            byId(d.existingPublicId())
                .orElseThrow(() -> new IllegalStateException("merge target unknown to the plan"));
        put(target.merged(user, d));
        mapped.add(user.source.legacyId());
      }
      default -> {
        // skipped and quarantined records change nothing and stay unmapped
      }
    }
  }

  private Optional<Decider.Existing> byId(String publicId) {
    Decider.Existing known = accounts.get(publicId);
    if (known != null) {
      return Optional.of(known);
    }
    return tx.users().findByPublicId(java.util.UUID.fromString(publicId)).map(Decider::existing);
  }

  private void put(Decider.Existing e) {
    accounts.put(e.publicId(), e);
    if (e.emailCanonical() != null) {
      emails.put(e.emailCanonical(), e.publicId());
    }
    if (e.phone() != null) {
      phones.put(e.phone(), e.publicId());
    }
    if (e.usernameCanonical() != null) {
      usernames.put(e.usernameCanonical(), e.publicId());
    }
  }
}
