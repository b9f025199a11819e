package dev.gatehouse.scim;

import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.ModuleTable;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The members a directory provisioned ({@value #NAME}), through the store's module tables in the
 * flow's transaction: the SCIM resource's own attributes, the account and the membership it stands
 * for, and its state. A removed member's row stays (its {@code user_name_key} cleared, so the name
 * is free again) for as long as the directory's word holds: its account's sign-ins are refused.
 */
final class DirectoryMembers {
  static final String NAME = "gh_scim_user";

  static final ModuleTable TABLE =
      ModuleTable.named(NAME)
          .column("scim_id", ModuleTable.Type.TEXT)
          .column("org_id", ModuleTable.Type.TEXT)
          .column("account_id", ModuleTable.Type.TEXT)
          .column("user_name", ModuleTable.Type.TEXT)
          .column("user_name_key", ModuleTable.Type.TEXT)
          .column("external_id", ModuleTable.Type.TEXT)
          .column("given_name", ModuleTable.Type.TEXT)
          .column("family_name", ModuleTable.Type.TEXT)
          .column("display_name", ModuleTable.Type.TEXT)
          .column("email", ModuleTable.Type.TEXT)
          .column("state", ModuleTable.Type.TEXT)
          .column("role", ModuleTable.Type.TEXT)
          .column("created_account", ModuleTable.Type.BOOLEAN)
          .column("created_at", ModuleTable.Type.INSTANT)
          .column("modified_at", ModuleTable.Type.INSTANT)
          .unique("scim_id")
          .unique("org_id", "user_name_key")
          .unique("org_id", "account_id")
          .build();

  private DirectoryMembers() {}

  /** What the directory's word is for a member. */
  enum State {
    /** A member. */
    ACTIVE,
    /** Suspended ({@code active: false}): no membership, no sign-in. */
    SUSPENDED,
    /** Deleted by the directory: no membership, no sign-in, not listed. */
    REMOVED
  }

  /** A provisioned member as kept. */
  record Member(
      UUID id,
      UUID organization,
      UUID account,
      String userName,
      @Nullable String externalId,
      @Nullable String givenName,
      @Nullable String familyName,
      @Nullable String displayName,
      @Nullable String email,
      State state,
      String role,
      boolean createdAccount,
      Instant createdAt,
      Instant modifiedAt) {
    boolean active() {
      return state == State.ACTIVE;
    }

    /** Without the personal data. */
    @Override
    public String toString() {
      return "Member[" + id + ", " + state + "]";
    }
  }

  /**
   * {@return the key a user name is unique by in its organisation: SCIM compares it in any case}
   */
  static String key(String userName) {
    return userName.toLowerCase(Locale.ROOT);
  }

  static Optional<Member> find(StoreTransaction tx, UUID organization, UUID id) {
    return rows(tx)
        .find(Map.of("scim_id", id.toString(), "org_id", organization.toString()))
        .stream()
        .map(DirectoryMembers::member)
        .filter(m -> m.state() != State.REMOVED)
        .findFirst();
  }

  static Optional<Member> byUserName(StoreTransaction tx, UUID organization, String userName) {
    return rows(tx)
        .find(Map.of("org_id", organization.toString(), "user_name_key", key(userName)))
        .stream()
        .map(DirectoryMembers::member)
        .findFirst();
  }

  /** {@return the organisation's row for the account, whatever its state} */
  static Optional<Member> byAccount(StoreTransaction tx, UUID organization, UUID account) {
    return rows(tx)
        .find(Map.of("org_id", organization.toString(), "account_id", account.toString()))
        .stream()
        .map(DirectoryMembers::member)
        .findFirst();
  }

  /** {@return whether any organisation's directory keeps the account suspended or removed} */
  static boolean barred(StoreTransaction tx, UUID account) {
    return rows(tx).find(Map.of("account_id", account.toString())).stream()
        .anyMatch(r -> !State.ACTIVE.name().equals(r.get("state")));
  }

  /** {@return the organisation's listed members: every state but removed} */
  static List<Member> of(StoreTransaction tx, UUID organization) {
    return rows(tx).find(Map.of("org_id", organization.toString())).stream()
        .map(DirectoryMembers::member)
        .filter(m -> m.state() != State.REMOVED)
        .toList();
  }

  static void insert(StoreTransaction tx, Member m) {
    rows(tx).insert(row(m));
  }

  /** Writes every column of the member's row (found by its organisation and account). */
  static void update(StoreTransaction tx, Member m) {
    Map<String, Object> set = row(m);
    rows(tx)
        .update(
            Map.of("org_id", m.organization().toString(), "account_id", m.account().toString()),
            set);
  }

  private static Map<String, Object> row(Member m) {
    Map<String, Object> row = new HashMap<>();
    row.put("scim_id", m.id().toString());
    row.put("org_id", m.organization().toString());
    row.put("account_id", m.account().toString());
    row.put("user_name", m.userName());
    row.put("user_name_key", m.state() == State.REMOVED ? null : key(m.userName()));
    row.put("external_id", m.externalId());
    row.put("given_name", m.givenName());
    row.put("family_name", m.familyName());
    row.put("display_name", m.displayName());
    row.put("email", m.email());
    row.put("state", m.state().name());
    row.put("role", m.role());
    row.put("created_account", m.createdAccount());
    row.put("created_at", m.createdAt());
    row.put("modified_at", m.modifiedAt());
    return row;
  }

  private static Member member(Map<String, Object> r) {
    return new Member(
        UUID.fromString((String) r.get("scim_id")),
        UUID.fromString((String) r.get("org_id")),
        UUID.fromString((String) r.get("account_id")),
        (String) r.get("user_name"),
        (String) r.get("external_id"),
        (String) r.get("given_name"),
        (String) r.get("family_name"),
        (String) r.get("display_name"),
        (String) r.get("email"),
        State.valueOf((String) r.get("state")),
        (String) r.get("role"),
        (Boolean) r.get("created_account"),
        (Instant) r.get("created_at"),
        (Instant) r.get("modified_at"));
  }

  private static ModuleRows rows(StoreTransaction tx) {
    return tx.moduleTables().rows(TABLE);
  }
}
