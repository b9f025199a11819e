/**
 * Django REST framework's answers, shared by the jb-drf-auth and simplejwt contracts: its error
 * bodies and form reading. Not API.
 */
package dev.gatehouse.spring.web.internal.drf;
