/**
 * The administration routes of {@code auth-admin}: search users, a user's picture, disable, enable,
 * end sessions, delete, statistics (Gatehouse's own contract), and a superuser's {@code
 * PATCH}/{@code DELETE users/{id}} (FastAPI-Users' contract); served when the module is on the
 * class path. Not API.
 */
package dev.gatehouse.spring.web.internal.admin;
