/**
 * FastAPI-Users' contract: its auth and users routers, bodies, errors and OpenAPI document. Not
 * API.
 */
package dev.gatehouse.spring.web.internal.fastapiusers;
