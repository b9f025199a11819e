package dev.gatehouse.examples;

import java.time.Duration;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The example's choices around the library's sign-in pages (gatehouse-spring-boot-pages): the
 * language a visitor picks, and Spring Security's observations. The pages and their filter chain
 * are the library's; the texts' site name is in {@code messages*.properties}.
 */
@Configuration(proxyBeanMethods = false)
class PageSettings implements WebMvcConfigurer {
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
    // The pages only: the JSON API's answers do not depend on a language cookie.
    registry.addInterceptor(lang).addPathPatterns("/**").excludePathPatterns("/auth/**", "/api/**");
  }
}
