package dev.gatehouse.spring.boot.test.webmvc;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A host with one guarded route and nothing else: no database, no Gatehouse bean of its own. */
@SpringBootApplication
public class ReportsApplication {

  /** Created by Spring. */
  public ReportsApplication() {}
}
