/**
 * Sign-in by emailed link: {@link dev.gatehouse.core.magiclink.MagicLinkService}. Built on the
 * sign-in pipeline alone: a credential check, its limits, its codes and its email template.
 */
package dev.gatehouse.core.magiclink;
