package dev.gatehouse.cohorts;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rule that assigns a legacy account to a cohort, the first time the account needs a decision
 * ({@link CohortService#assign}); the decision is kept, so a later change of the rule moves no one
 * already assigned. Immutable and thread-safe.
 *
 * <p>The rule reads, in this order, the first that matches:
 *
 * <ol>
 *   <li>an explicit list of legacy ids ({@link Builder#legacyIds});
 *   <li>the organisations the account belongs to ({@link Builder#organisations}), the first cohort
 *       declared that names one of them;
 *   <li>the domain of the account's email ({@link Builder#emailDomains}), compared in lower case;
 *   <li>the account's bucket ({@link #bucket}), a stable number from 0 to 9,999 computed from its
 *       legacy id: the cohorts with a share ({@link Builder#share}) take consecutive ranges of
 *       buckets in the order they were declared (a first cohort of 10 % takes 0 to 999, a second of
 *       40 % 1,000 to 4,999);
 *   <li>the rest ({@link Builder#rest}), which every rule names.
 * </ol>
 *
 * <p><b>The bucket</b> is {@code SHA-256(salt ‖ 0x00 ‖ legacyId)} (both in UTF-8), its first 8
 * bytes read as an unsigned big-endian number, modulo 10,000. It depends on nothing but the salt
 * and the id, so every instance, and every run, puts an account in the same bucket; a salt of the
 * host's own ({@link Builder#salt}) keeps the first 10 % of two deployments from being the same
 * ids.
 *
 * <pre>{@code
 * CohortRule rule =
 *     CohortRule.builder()
 *         .legacyIds("staff", "1", "2", "3")
 *         .emailDomains("staff", "example.com")
 *         .share("pilot", 1_000)   // 10 %
 *         .share("wave", 4_000)    // the next 40 %
 *         .rest("everyone")
 *         .build();
 * }</pre>
 */
public final class CohortRule {
  /** The salt of a rule that names none. */
  public static final String DEFAULT_SALT = "gatehouse-cohorts";

  /** How many buckets there are: a share is counted in hundredths of a percent. */
  public static final int BUCKETS = 10_000;

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  private final String salt;
  private final Map<String, String> byLegacyId;
  private final Map<String, String> byOrganisation;
  private final Map<String, String> byDomain;
  private final List<Map.Entry<String, Integer>> shares;
  private final String rest;
  private final Set<String> cohorts;
  private final Set<String> onGatehouse;

  private CohortRule(Builder b, String rest) {
    this.salt = b.salt;
    this.byLegacyId = Map.copyOf(b.byLegacyId);
    this.byOrganisation = Collections.unmodifiableMap(new LinkedHashMap<>(b.byOrganisation));
    this.byDomain = Map.copyOf(b.byDomain);
    this.shares = List.copyOf(b.shares);
    this.rest = rest;
    Set<String> names = new LinkedHashSet<>(b.declared);
    names.add(rest);
    this.cohorts = Collections.unmodifiableSet(names);
    this.onGatehouse = Set.copyOf(b.onGatehouse);
  }

  /** {@return a builder of a rule} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return every cohort the rule names, in the order they were declared, the rest last} */
  public Set<String> cohorts() {
    return cohorts;
  }

  /**
   * The state a cohort is in until its first step: {@link CohortState#GATEHOUSE} for a cohort the
   * rule starts on Gatehouse ({@link Builder#startOnGatehouse}: the operators' and staff's, so that
   * every step can be taken through the routes), {@link CohortState#LEGACY} for every other.
   *
   * @param cohort a cohort's name
   * @return its first state
   */
  public CohortState initialState(String cohort) {
    return onGatehouse.contains(requireNonNull(cohort, "cohort"))
        ? CohortState.GATEHOUSE
        : CohortState.LEGACY;
  }

  /**
   * The cohort the rule puts the account in.
   *
   * @param member the legacy account
   * @return the cohort's name, one of {@link #cohorts()}
   */
  public String decide(CohortMember member) {
    requireNonNull(member, "member");
    String listed = byLegacyId.get(member.legacyId());
    if (listed != null) {
      return listed;
    }
    for (Map.Entry<String, String> organisation : byOrganisation.entrySet()) {
      if (member.organisations().contains(organisation.getKey())) {
        return organisation.getValue();
      }
    }
    String domain = byDomain.get(member.emailDomain());
    if (domain != null) {
      return domain;
    }
    return byBucket(bucket(member.legacyId()));
  }

  /**
   * The cohort of a bucket by the shares alone: the one whose range holds it, or the rest.
   *
   * @param bucket a bucket, 0 to 9,999
   * @return the cohort's name
   */
  String byBucket(int bucket) {
    int upTo = 0;
    for (Map.Entry<String, Integer> share : shares) {
      upTo += share.getValue();
      if (bucket < upTo) {
        return share.getKey();
      }
    }
    return rest;
  }

  /**
   * The account's bucket: {@code SHA-256(salt ‖ 0x00 ‖ legacyId)}'s first 8 bytes, unsigned, modulo
   * {@value #BUCKETS}.
   *
   * @param legacyId the legacy id
   * @return a number from 0 to 9,999, the same for the same salt and id on every instance
   */
  public int bucket(String legacyId) {
    requireNonNull(legacyId, "legacyId");
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform has SHA-256 (java.security.MessageDigest's required algorithms).
      throw new IllegalStateException(e);
    }
    sha256.update(salt.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0);
    byte[] digest = sha256.digest(legacyId.getBytes(StandardCharsets.UTF_8));
    return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest, 0, 8).getLong(), BUCKETS);
  }

  @Override
  public String toString() {
    return "CohortRule[cohorts=" + cohorts + ", shares=" + shares + "]";
  }

  /** Builds a {@link CohortRule}; every method checks its arguments at once. Not thread-safe. */
  public static final class Builder {
    private String salt = DEFAULT_SALT;
    private final Map<String, String> byLegacyId = new LinkedHashMap<>();
    private final Map<String, String> byOrganisation = new LinkedHashMap<>();
    private final Map<String, String> byDomain = new LinkedHashMap<>();
    private final List<Map.Entry<String, Integer>> shares = new ArrayList<>();
    private final Set<String> declared = new LinkedHashSet<>();
    private final Set<String> onGatehouse = new LinkedHashSet<>();
    private int shared;
    private @Nullable String rest;

    private Builder() {}

    /**
     * The salt of the buckets ({@link CohortRule#bucket}); {@value CohortRule#DEFAULT_SALT} unless
     * set. Changing it later moves no one already assigned, but decides the others anew.
     *
     * @param salt 1 to 100 characters
     * @return this builder
     * @throws IllegalArgumentException when it is blank or longer
     */
    public Builder salt(String salt) {
      requireNonNull(salt, "salt");
      if (salt.isBlank() || salt.length() > 100) {
        throw new IllegalArgumentException("a cohort salt is 1 to 100 characters");
      }
      this.salt = salt;
      return this;
    }

    /**
     * Puts these legacy ids in the cohort, before anything else is read.
     *
     * @param cohort the cohort's name ({@code [a-z][a-z0-9-]*}, at most 40 characters)
     * @param legacyIds the ids
     * @return this builder
     * @throws IllegalArgumentException when the name is not one, or an id is already listed in a
     *     cohort
     */
    public Builder legacyIds(String cohort, String... legacyIds) {
      name(cohort);
      for (String id : requireNonNull(legacyIds, "legacyIds")) {
        requireNonNull(id, "legacy id");
        String before = byLegacyId.putIfAbsent(id, cohort);
        if (before != null) {
          throw new IllegalArgumentException(
              "the legacy id " + id + " is listed in the cohort " + before + " already");
        }
      }
      return this;
    }

    /**
     * Puts the members of these organisations in the cohort (the first cohort declared for an
     * organisation the account belongs to), after the explicit lists.
     *
     * @param cohort the cohort's name
     * @param organisations the organisations, as {@link CohortMember#organisations()} names them
     * @return this builder
     * @throws IllegalArgumentException when the name is not one, or an organisation is already
     *     given to a cohort
     */
    public Builder organisations(String cohort, String... organisations) {
      name(cohort);
      for (String organisation : requireNonNull(organisations, "organisations")) {
        requireNonNull(organisation, "organisation");
        String before = byOrganisation.putIfAbsent(organisation, cohort);
        if (before != null) {
          throw new IllegalArgumentException(
              "the organisation "
                  + organisation
                  + " is given to the cohort "
                  + before
                  + " already");
        }
      }
      return this;
    }

    /**
     * Puts the accounts whose email is in one of these domains in the cohort, after the lists and
     * the organisations.
     *
     * @param cohort the cohort's name
     * @param domains the domains, e.g. {@code example.com} (compared in lower case)
     * @return this builder
     * @throws IllegalArgumentException when the name is not one, or a domain is blank or already
     *     given to a cohort
     */
    public Builder emailDomains(String cohort, String... domains) {
      name(cohort);
      for (String domain : requireNonNull(domains, "domains")) {
        String d = requireNonNull(domain, "domain").strip().toLowerCase(Locale.ROOT);
        if (d.isEmpty() || d.contains("@")) {
          throw new IllegalArgumentException("an email domain is a name without @: '" + d + "'");
        }
        String before = byDomain.putIfAbsent(d, cohort);
        if (before != null) {
          throw new IllegalArgumentException(
              "the domain " + d + " is given to the cohort " + before + " already");
        }
      }
      return this;
    }

    /**
     * Gives the cohort the next {@code basisPoints} of the buckets, in hundredths of a percent (10
     * % is 1,000), for the accounts no list, organisation or domain placed.
     *
     * @param cohort the cohort's name
     * @param basisPoints 1 to 10,000; all shares together at most 10,000
     * @return this builder
     * @throws IllegalArgumentException when the name is not one, the cohort has a share already, or
     *     the shares exceed 10,000
     */
    public Builder share(String cohort, int basisPoints) {
      name(cohort);
      if (basisPoints < 1 || shared + basisPoints > BUCKETS) {
        throw new IllegalArgumentException(
            "a share is 1 to " + (BUCKETS - shared) + " basis points here, not " + basisPoints);
      }
      if (shares.stream().anyMatch(s -> s.getKey().equals(cohort))) {
        throw new IllegalArgumentException("the cohort " + cohort + " has a share already");
      }
      shares.add(Map.entry(cohort, basisPoints));
      shared += basisPoints;
      return this;
    }

    /**
     * Starts these cohorts on Gatehouse: until a step moves them, their state is {@link
     * CohortState#GATEHOUSE} rather than {@link CohortState#LEGACY}, so that their users (the
     * operators and staff, listed by {@link #legacyIds}) sign in on Gatehouse from the first day
     * and take the other cohorts' steps through the routes. A step moves them back like any cohort.
     *
     * @param cohorts the cohorts' names, each declared in this rule by the time it is built
     * @return this builder
     */
    public Builder startOnGatehouse(String... cohorts) {
      for (String cohort : requireNonNull(cohorts, "cohorts")) {
        onGatehouse.add(requireNonNull(cohort, "cohort"));
      }
      return this;
    }

    /**
     * The cohort of every account nothing else placed.
     *
     * @param cohort the cohort's name
     * @return this builder
     * @throws IllegalArgumentException when the name is not one
     */
    public Builder rest(String cohort) {
      this.rest = name(cohort);
      return this;
    }

    /**
     * {@return the rule}
     *
     * @throws IllegalStateException when no rest was named
     */
    public CohortRule build() {
      String r = rest;
      if (r == null) {
        throw new IllegalStateException("a cohort rule names the cohort of the rest (rest(...))");
      }
      for (String cohort : onGatehouse) {
        if (!declared.contains(cohort)) {
          throw new IllegalStateException(
              "the cohort " + cohort + " starts on Gatehouse but the rule does not declare it");
        }
      }
      return new CohortRule(this, r);
    }

    private String name(String cohort) {
      requireNonNull(cohort, "cohort");
      if (!NAME.matcher(cohort).matches()) {
        throw new IllegalArgumentException(
            "a cohort's name is lower-case letters, digits and '-', starting with a letter, at"
                + " most 40 characters: '"
                + cohort
                + "'");
      }
      declared.add(cohort);
      return cohort;
    }
  }
}
