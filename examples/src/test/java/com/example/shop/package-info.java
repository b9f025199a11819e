/**
 * The README's Spring Boot host, outside {@code dev.gatehouse.examples} so that neither
 * application's component scan sees the other's beans.
 */
package com.example.shop;
