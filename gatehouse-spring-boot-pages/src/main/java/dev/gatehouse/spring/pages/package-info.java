/**
 * Gatehouse's sign-in pages for a Spring Boot host ({@link
 * dev.gatehouse.spring.pages.GatehousePagesAutoConfiguration}): server-rendered Thymeleaf pages for
 * one-time codes, the magic link, password login, registration, email confirmation, password reset
 * and change, the second factor (login's second step, authenticator app and recovery codes in the
 * security settings), social sign-in, and logout, in a cookie session beside the bearer-token API.
 * Everything but the auto-configuration is package-private: a host uses the pages, themes them with
 * its own templates and messages, and never calls them.
 */
@NullMarked
package dev.gatehouse.spring.pages;

import org.jspecify.annotations.NullMarked;
