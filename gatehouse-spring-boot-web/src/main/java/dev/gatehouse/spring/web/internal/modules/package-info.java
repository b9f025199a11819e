/**
 * The feature modules' routes: the magic link and social sign-in (Gatehouse's own contract),
 * passkeys and second factors (served beside every contract), each when its module is on the class
 * path. Not API.
 */
package dev.gatehouse.spring.web.internal.modules;
