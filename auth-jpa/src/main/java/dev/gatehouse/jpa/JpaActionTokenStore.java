package dev.gatehouse.jpa;

import dev.gatehouse.core.store.ActionTokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link ActionTokenStore} over the library's {@code gh_action_token} table. */
final class JpaActionTokenStore implements ActionTokenStore {
  /** A token that can still be used at the time bound after the hash and purpose. */
  private static final String USABLE =
      " where token_hash = ? and purpose = ? and used_at is null and expires_at > ?";

  private final LibrarySql sql;
  private final Runnable writing;

  JpaActionTokenStore(LibrarySql sql, Runnable writing) {
    this.sql = sql;
    this.writing = writing;
  }

  @Override
  public void add(
      UUID userId,
      String purpose,
      String tokenHash,
      String binding,
      Instant expiresAt,
      Instant now) {
    writing.run();
    sql.update(
        "insert into gh_action_token (user_public_id, purpose, token_hash, binding, expires_at,"
            + " created_at) values (?, ?, ?, ?, ?, ?)",
        userId.toString(),
        purpose,
        tokenHash,
        binding,
        expiresAt,
        now);
  }

  @Override
  public Optional<ActionToken> findUsable(String purpose, String tokenHash, Instant now) {
    return sql.first(
        "select user_public_id, binding, expires_at from gh_action_token" + USABLE,
        r -> new ActionToken(UUID.fromString(r.text(1)), purpose, r.text(2), r.instant(3)),
        tokenHash,
        purpose,
        now);
  }

  @Override
  public boolean consume(String purpose, String tokenHash, Instant now) {
    writing.run();
    return sql.update(
            "update gh_action_token set used_at = ?" + USABLE, now, tokenHash, purpose, now)
        == 1;
  }

  @Override
  public int revokeAll(UUID userId, String purpose, Instant now) {
    writing.run();
    return sql.update(
        "update gh_action_token set used_at = ? where user_public_id = ? and purpose = ?"
            + " and used_at is null",
        now,
        userId.toString(),
        purpose);
  }

  @Override
  public int deleteBefore(Instant cutoff, int batchSize) {
    writing.run();
    List<Long> ids =
        sql.list(
            sql.limit(
                "select id from gh_action_token where expires_at < ? or used_at < ? order by id",
                batchSize),
            r -> r.number(1),
            cutoff,
            cutoff);
    return ids.isEmpty()
        ? 0
        : sql.update(
            "delete from gh_action_token where id in (" + LibrarySql.marks(ids.size()) + ")",
            ids.toArray());
  }
}
