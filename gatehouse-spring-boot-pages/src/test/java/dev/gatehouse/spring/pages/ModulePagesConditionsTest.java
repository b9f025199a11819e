package dev.gatehouse.spring.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The organisations' and the staff's pages are there only with their module on the class path and
 * not turned off by the host; their paths go to the pages' filter chain on the same terms, so a
 * host without the module, or that turned its pages off, keeps {@code /staff/} and {@code
 * /organizations/invitation} for itself.
 */
class ModulePagesConditionsTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(
              GatehousePagesAutoConfiguration.OrganizationPagesServed.class,
              GatehousePagesAutoConfiguration.AdminPagesServed.class,
              GatehousePagesAutoConfiguration.CohortPagesServed.class);

  @Test
  void withoutTheirModulesNeitherPagesNorPathsAreThere() {
    runner
        .withClassLoader(
            new FilteredClassLoader(
                "dev.gatehouse.organizations.", "dev.gatehouse.admin.", "dev.gatehouse.cohorts."))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(OrganizationPages.class);
              assertThat(context).doesNotHaveBean(AdminPages.class);
              assertThat(context).doesNotHaveBean(AdminStatisticsPage.class);
              assertThat(context).doesNotHaveBean(CohortPages.class);
              assertThat(PageSecurity.organizationPages(context)).isFalse();
              assertThat(PageSecurity.adminPages(context)).isFalse();
            });
  }

  @Test
  void aHostThatTurnsThemOffKeepsTheirPaths() {
    runner
        .withPropertyValues("gatehouse.pages.organizations=false", "gatehouse.pages.admin=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(OrganizationPages.class);
              assertThat(context).doesNotHaveBean(AdminPages.class);
              assertThat(context).doesNotHaveBean(CohortPages.class);
              assertThat(PageSecurity.organizationPages(context)).isFalse();
              assertThat(PageSecurity.adminPages(context)).isFalse();
            });
  }

  @Test
  void withTheirModulesTheirPathsAreThePages() {
    new ApplicationContextRunner()
        .run(
            context -> {
              assertThat(PageSecurity.organizationPages(context)).isTrue();
              assertThat(PageSecurity.adminPages(context)).isTrue();
            });
  }
}
