/**
 * The example's sign-in pages: server-rendered Thymeleaf pages for one-time codes, password login,
 * registration, email confirmation, password reset and change, the second factor (login's second
 * step, authenticator app and recovery codes in the security settings), and logout, in a cookie
 * session beside the bearer-token JSON API ({@link dev.gatehouse.examples.pages.PageSecurity}).
 */
package dev.gatehouse.examples.pages;
