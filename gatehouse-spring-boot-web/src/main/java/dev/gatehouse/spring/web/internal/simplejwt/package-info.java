/**
 * simplejwt's contract: its token views, served beside jb-drf-auth or alone, and their OpenAPI
 * document. Not API.
 */
package dev.gatehouse.spring.web.internal.simplejwt;
