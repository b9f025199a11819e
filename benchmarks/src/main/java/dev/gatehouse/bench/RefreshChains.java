package dev.gatehouse.bench;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.jpa.JpaAuthStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link RefreshBench}'s chains: one signed-in session each, whose refresh token is rotated again
 * and again, and the reads of their rows the baseline replays with.
 */
final class RefreshChains {
  private RefreshChains() {}

  /** One session whose refresh token is rotated again and again. */
  static final class Chain {
    final String sessionId;
    final String userPublicId;
    final Long profileId;
    final String email;
    String refreshToken;
    // For the baseline: the hash of the secret of the token the chain's session holds now, and its
    // generation.
    String currentHash;
    int generation;

    Chain(
        String sessionId, String userPublicId, Long profileId, String email, String refreshToken) {
      this.sessionId = sessionId;
      this.email = email;
      this.userPublicId = userPublicId;
      this.profileId = profileId;
      this.refreshToken = refreshToken;
    }

    void rotate(Gatehouse g) {
      TokenPair p = g.sessions().refresh(refreshToken, null);
      refreshToken = p.refreshToken();
    }
  }

  static Chain newChain(Gatehouse g, JpaAuthStore store, DataSource ds) throws SQLException {
    String email = "r" + UUID.randomUUID().toString().substring(0, 12) + "@example.test";
    TokenPair pair = BenchAccounts.signedIn(g, store, email, false);
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("select user_public_id, profile_id from gh_session where id = ?")) {
      ps.setString(1, pair.sessionId());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long profile = rs.getLong(2);
        return new Chain(
            pair.sessionId(),
            rs.getString(1),
            rs.wasNull() ? null : profile,
            email,
            pair.refreshToken());
      }
    }
  }

  /** What a chain's session holds now: its secret's hash and its generation. */
  record Held(String hash, int generation) {}

  static Held current(DataSource ds, String sessionId) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "select refresh_secret_hash, refresh_generation from gh_session where id = ?"
                    + " and refresh_generation is not null")) {
      ps.setString(1, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("session " + sessionId + " holds no token");
        }
        return new Held(rs.getString(1), rs.getInt(2));
      }
    }
  }
}
