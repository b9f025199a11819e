/**
 * Profile pictures: {@link dev.gatehouse.pictures.PictureService}, kept by the host's {@link
 * dev.gatehouse.pictures.PictureStore}. Built on the sign-in SPI's context alone: the store SPI's
 * profiles, the settings and the error catalogue.
 */
@NullMarked
package dev.gatehouse.pictures;

import org.jspecify.annotations.NullMarked;
