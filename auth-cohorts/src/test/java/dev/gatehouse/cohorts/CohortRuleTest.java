package dev.gatehouse.cohorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule alone: the documented bucket, the order in which it reads, and what it refuses. */
class CohortRuleTest {
  private static final CohortRule RULE =
      CohortRule.builder()
          .salt("acme")
          .legacyIds("staff", "7")
          .organisations("partners", "org-1")
          .emailDomains("staff", "Example.COM")
          .share("pilot", 1_000)
          .share("wave", 4_000)
          .rest("everyone")
          .build();

  @Test
  void theBucketIsTheDocumentedSha256OfTheSaltAndTheIdModuloTenThousand() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] digest = sha.digest("acme\u000042".getBytes(StandardCharsets.UTF_8));
    long first8 = ByteBuffer.wrap(digest, 0, 8).getLong();
    assertThat(RULE.bucket("42")).isEqualTo((int) Long.remainderUnsigned(first8, 10_000));
    // Another salt puts the same id elsewhere (for almost every id; this one is checked).
    assertThat(CohortRule.builder().rest("a").build().bucket("42")).isNotEqualTo(RULE.bucket("42"));
  }

  @Test
  void aListBeatsAnOrganisationWhichBeatsADomainWhichBeatsTheShares() {
    assertThat(RULE.decide(new CohortMember("7", "x@other.test", Set.of("org-1"))))
        .isEqualTo("staff");
    assertThat(RULE.decide(new CohortMember("8", "x@example.com", Set.of("org-1"))))
        .isEqualTo("partners");
    assertThat(RULE.decide(CohortMember.of("8", "X@EXAMPLE.com"))).isEqualTo("staff");
    String byShare = RULE.decide(CohortMember.of("8", null));
    assertThat(byShare).isEqualTo(RULE.byBucket(RULE.bucket("8")));
  }

  @Test
  void theSharesTakeConsecutiveRangesOfBucketsAndTheirShareOfManyIds() {
    assertThat(RULE.byBucket(0)).isEqualTo("pilot");
    assertThat(RULE.byBucket(999)).isEqualTo("pilot");
    assertThat(RULE.byBucket(1_000)).isEqualTo("wave");
    assertThat(RULE.byBucket(4_999)).isEqualTo("wave");
    assertThat(RULE.byBucket(5_000)).isEqualTo("everyone");
    Map<String, Integer> counts = new HashMap<>();
    for (int id = 0; id < 100_000; id++) {
      counts.merge(RULE.decide(CohortMember.of("u" + id, null)), 1, Integer::sum);
    }
    // 10 %, 40 % and 50 % of 100,000 ids, each within 1 % of its share.
    assertThat(counts.get("pilot")).isBetween(9_000, 11_000);
    assertThat(counts.get("wave")).isBetween(39_000, 41_000);
    assertThat(counts.get("everyone")).isBetween(49_000, 51_000);
    assertThat(RULE.cohorts()).containsExactly("staff", "partners", "pilot", "wave", "everyone");
  }

  @Test
  void aRuleRefusesWhatWouldDecideTwoWaysOrNotAtAll() {
    assertThatThrownBy(() -> CohortRule.builder().legacyIds("a", "1").legacyIds("b", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listed in the cohort a already");
    assertThatThrownBy(() -> CohortRule.builder().share("a", 6_000).share("b", 4_001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CohortRule.builder().share("a", 1).share("a", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CohortRule.builder().share("Bad Name", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CohortRule.builder().emailDomains("a", "x@y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CohortRule.builder().share("a", 10).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> CohortMember.of(" ", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CohortMember.of("x".repeat(151), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMembersTextLeavesItsEmailOut() {
    assertThat(CohortMember.of("1", "ana@example.com").toString()).doesNotContain("ana");
  }
}
