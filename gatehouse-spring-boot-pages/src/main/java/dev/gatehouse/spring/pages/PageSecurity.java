package dev.gatehouse.spring.pages;

import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.util.ClassUtils;

/**
 * The pages' filter chain (a cookie session, CSRF on every form) for the page paths only. It comes
 * first ({@link #ORDER}); every other request goes on to the host's chains, or to the starter's
 * bearer-token chain when the host has none (this chain is declared after the starter has decided
 * on its own, so it does not count as a chain of the host's).
 *
 * <p>The session cookie's attributes (Secure, HttpOnly, SameSite) are the host's, in {@code
 * server.servlet.session.cookie.*}.
 */
@Configuration(proxyBeanMethods = false)
class PageSecurity {
  /** The pages' chain's place: before a host's catch-all chain, which must come after it. */
  static final int ORDER = 1;

  /** Every path the pages' chain owns, besides {@code /} when the start page is served. */
  static final List<String> PAGE_PATHS =
      List.of(
          "/otp/**",
          "/magic-link",
          "/magic-link/**",
          "/login/",
          "/login/mfa/",
          "/login/social/**",
          "/logout/",
          "/register/",
          "/confirm-email",
          "/reset/**",
          "/reset-password",
          "/account/**",
          "/signed-in/",
          "/assets/**");

  /** The organisations' module, whose pages are served when it is on the class path. */
  static final String ORGANIZATIONS = "dev.gatehouse.organizations.OrganizationService";

  /** The administration module, whose pages are served when it is on the class path. */
  static final String ADMIN = "dev.gatehouse.admin.AdminService";

  /** The cut-over by cohort, whose staff page is served beside the administration's. */
  static final String COHORTS = "dev.gatehouse.cohorts.CohortService";

  /** {@code false} leaves the invitation's and the organisations' paths to the host. */
  static final String ORGANIZATION_PAGES = "gatehouse.pages.organizations";

  /** {@code false} leaves {@code /staff/} to the host. */
  static final String ADMIN_PAGES = "gatehouse.pages.admin";

  /** The invitation's page, at the invitation link's default path, and the email-first sign-in. */
  static final List<String> ORGANIZATION_PATHS =
      List.of(
          "/organizations/invitation", "/organizations/invitation/**", "/login/organization/**");

  /** The administration pages, for staff: signed in, and the admin service decides the rest. */
  static final List<String> ADMIN_PATHS = List.of("/staff/**");

  /** {@return whether the organisations' pages are served: the module is there, not turned off} */
  static boolean organizationPages(ApplicationContext context) {
    return ClassUtils.isPresent(ORGANIZATIONS, context.getClassLoader())
        && context.getEnvironment().getProperty(ORGANIZATION_PAGES, Boolean.class, true);
  }

  /** {@return whether the staff's pages are served: the module is there, not turned off} */
  static boolean adminPages(ApplicationContext context) {
    return ClassUtils.isPresent(ADMIN, context.getClassLoader())
        && context.getEnvironment().getProperty(ADMIN_PAGES, Boolean.class, true);
  }

  /**
   * The pages: a session only once someone signs in or starts a flow, CSRF tokens in the session, a
   * content security policy that admits the pages' own assets only, no referrer (a reset link's
   * token must not travel to another site).
   */
  @Bean
  @Order(ORDER)
  SecurityFilterChain gatehousePageChain(
      HttpSecurity http, GatehousePagesProperties pages, ApplicationContext context)
      throws Exception {
    List<String> paths = new ArrayList<>(PAGE_PATHS);
    if (organizationPages(context)) {
      paths.addAll(ORGANIZATION_PATHS);
    }
    if (adminPages(context)) {
      paths.addAll(ADMIN_PATHS);
    }
    if (pages.isHome()) {
      paths.add("/");
    }
    http.securityMatcher(paths.toArray(String[]::new))
        .authorizeHttpRequests(
            a ->
                a.requestMatchers("/account/**", "/staff/**")
                    .authenticated()
                    .anyRequest()
                    .permitAll())
        .sessionManagement(
            s ->
                s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                    .sessionFixation(f -> f.changeSessionId()))
        .csrf(
            c ->
                c.csrfTokenRepository(PageSession.CSRF_TOKENS)
                    .csrfTokenRequestHandler(new CsrfTokenUnmasking()))
        .formLogin(f -> f.disable())
        .httpBasic(b -> b.disable())
        // POST /logout/ is a page of its own (PasswordPages): it also ends Gatehouse's session.
        .logout(l -> l.disable())
        .requestCache(c -> c.disable())
        .exceptionHandling(
            e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login/")))
        .headers(
            h ->
                h.contentSecurityPolicy(c -> c.policyDirectives(ModulePage.CONTENT_SECURITY_POLICY))
                    .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER)));
    return http.build();
  }
}
