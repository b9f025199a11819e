/**
 * The feature modules' routes: social sign-in (Gatehouse's own contract), passkeys and second
 * factors (served beside every contract), each when its module is on the class path, and every
 * installed module's manifest routes ({@link
 * dev.gatehouse.spring.web.internal.modules.ModuleRoutes}), the magic link's among them. Not API.
 */
package dev.gatehouse.spring.web.internal.modules;
