package com.example.apikeys;

import java.util.List;
import java.util.Map;

/**
 * The shape of the store's rows of a module table ({@code ModuleRows}, issue 75's API), until the
 * merged store capability replaces this interface and {@link StandInRows}: {@link KeyTable} is
 * written against exactly those four calls, so the switch changes one line.
 */
interface Rows {
  void insert(Map<String, ?> row);

  List<Map<String, Object>> find(Map<String, ?> where);

  int update(Map<String, ?> where, Map<String, ?> set);

  int delete(Map<String, ?> where);
}
