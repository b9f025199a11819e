package dev.gatehouse.spring.web.internal.gatehouse;

import dev.gatehouse.spring.web.internal.admin.AdminController;
import dev.gatehouse.spring.web.internal.admin.AdminStatisticsController;
import java.util.List;

/** The contract's administration routes ({@code auth-admin}), in document order. */
final class AdminRoutes {
  /**
   * The routes of {@link AdminController} and {@link AdminStatisticsController}, in document order.
   */
  static final List<ContractRoutes.Route> ROUTES =
      List.of(
          ContractRoutes.r(
              "get",
              "/admin/users/",
              "searchUsers",
              "Staff: find accounts by one exact email, phone, username or id",
              true,
              null,
              200,
              "AdminUsers",
              400,
              401,
              403),
          ContractRoutes.r(
              "get",
              "/admin/users/find/",
              "findUsers",
              "Staff: a page of accounts by an email, phone or username prefix, or by a range of"
                  + " creation or last sign-in time, read from an index",
              true,
              null,
              200,
              "AdminUserPage",
              400,
              401,
              403),
          ContractRoutes.r(
              "get",
              "/admin/users/{user_id}/",
              "userPicture",
              "Staff: one account with its profiles, devices, sessions, factors and audit trail",
              true,
              null,
              200,
              "AdminUserPicture",
              401,
              403,
              404),
          ContractRoutes.r(
              "post",
              "/admin/users/{user_id}/disable/",
              "disableUser",
              "Staff: refuse every sign-in of the account and end its sessions",
              true,
              "AdminDisable",
              200,
              "UserAnswer",
              400,
              401,
              403,
              404),
          ContractRoutes.r(
              "post",
              "/admin/users/{user_id}/impersonate/",
              "impersonateUser",
              "Superuser: a short session of the account whose token names the superuser (act)",
              true,
              "AdminImpersonate",
              200,
              "Tokens",
              400,
              401,
              403,
              404),
          ContractRoutes.r(
              "post",
              "/admin/users/{user_id}/enable/",
              "enableUser",
              "Staff: let a disabled account sign in again",
              true,
              null,
              200,
              "UserAnswer",
              401,
              403,
              404),
          ContractRoutes.r(
              "delete",
              "/admin/users/{user_id}/sessions/",
              "revokeUserSessions",
              "Staff: end every session of the account",
              true,
              null,
              200,
              "DetailCount",
              401,
              403,
              404),
          ContractRoutes.r(
              "delete",
              "/admin/users/{user_id}/",
              "deleteUser",
              "Superuser: delete the account",
              true,
              null,
              200,
              "Detail",
              401,
              403,
              404),
          ContractRoutes.r(
              "get",
              "/admin/statistics/",
              "adminStatistics",
              "Staff: sign-ins, failures and lockouts per day (UTC) and method, 1 to 92 days",
              true,
              null,
              200,
              "AdminStatistics",
              400,
              401,
              403));

  private AdminRoutes() {}
}
