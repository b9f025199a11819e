/**
 * Gatehouse's own contract (problem details): its account, session and one-time-code routes, its
 * route table and OpenAPI document with the error catalogue. Not API.
 */
package dev.gatehouse.spring.web.internal.gatehouse;
