/**
 * jb-drf-auth's contract: its views, shapes, profile and social routes and its OpenAPI document.
 * Not API.
 */
package dev.gatehouse.spring.web.internal.jbdrfauth;
