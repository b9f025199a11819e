package dev.gatehouse.examples.pages;

import dev.gatehouse.spring.web.GatehouseHttpSecurity;
import java.time.Duration;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Two filter chains: the pages' (a cookie session, CSRF on every form) for the page paths only, and
 * the starter's bearer-token chain for everything else (the JSON API, {@code /api/hello/}). A chain
 * of the host's own replaces the starter's default chain, so the second one is declared here with
 * the default's settings ({@link GatehouseHttpSecurity}).
 *
 * <p>The session cookie's attributes (Secure, HttpOnly, SameSite) are in {@code application.yml}.
 */
@Configuration(proxyBeanMethods = false)
class PageSecurity implements WebMvcConfigurer {
  /** Every path the pages' chain owns. */
  static final String[] PAGE_PATHS = {
    "/",
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
    "/assets/**"
  };

  /**
   * The pages: a session only once someone signs in or starts a flow, CSRF tokens in the session, a
   * content security policy that admits the app's own assets only, no referrer (a reset link's
   * token must not travel to another site).
   */
  @Bean
  @Order(1)
  SecurityFilterChain pageChain(HttpSecurity http) throws Exception {
    http.securityMatcher(PAGE_PATHS)
        .authorizeHttpRequests(
            a -> a.requestMatchers("/account/**").authenticated().anyRequest().permitAll())
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
                h.contentSecurityPolicy(
                        c ->
                            c.policyDirectives(
                                "default-src 'self'; form-action 'self'; frame-ancestors 'none';"
                                    + " base-uri 'none'; object-src 'none'"))
                    .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER)));
    return http.build();
  }

  /** The JSON API and the host's own endpoints, as the starter's default chain guards them. */
  @Bean
  @Order(2)
  SecurityFilterChain apiChain(HttpSecurity http, GatehouseHttpSecurity gatehouse)
      throws Exception {
    gatehouse.applyTo(http);
    return http.build();
  }

  /**
   * Spring Security's per-request observations are off: with an observation registry (actuator) it
   * otherwise wraps every filter of every chain in observations and each authorization decision in
   * another, about 5% of a token refresh's CPU over HTTP (docs/BENCHMARKS.md, "Refresh over HTTP").
   * What operators read stays: {@code http.server.requests} (Spring MVC's timer per route and
   * status), Gatehouse's {@code gatehouse.*} meters, and Spring Security's authentication
   * observations (bearer tokens accepted or refused). The filters themselves, and so CSRF, headers
   * and authorization, are unchanged.
   *
   * @return the settings
   */
  @Bean
  static SecurityObservationSettings securityObservations() {
    return SecurityObservationSettings.withDefaults()
        .shouldObserveRequests(false)
        .shouldObserveAuthorizations(false)
        .shouldObserveAuthentications(true)
        .build();
  }

  /**
   * The pages' language: {@code ?lang=fr} sets a cookie, else the browser's {@code
   * Accept-Language}; English when neither names a language the pages have.
   */
  @Bean
  LocaleResolver localeResolver() {
    CookieLocaleResolver resolver = new CookieLocaleResolver("lang");
    resolver.setDefaultLocaleFunction(request -> acceptedLocale(request.getLocale()));
    resolver.setCookieMaxAge(Duration.ofDays(365));
    resolver.setCookieSecure(true);
    resolver.setCookieHttpOnly(true);
    resolver.setCookieSameSite("Lax");
    return resolver;
  }

  private static Locale acceptedLocale(Locale requested) {
    return requested != null && "fr".equals(requested.getLanguage())
        ? Locale.FRENCH
        : Locale.ENGLISH;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
    lang.setParamName("lang");
    lang.setIgnoreInvalidLocale(true);
    registry.addInterceptor(lang).addPathPatterns(PAGE_PATHS);
  }
}
