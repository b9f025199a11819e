package com.example.shop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The README's Spring Boot host (README.md, "Spring Boot hosts"); SpringBootHostTest runs it. */
// snippet:start application
@SpringBootApplication
public class ShopApplication {
  public static void main(String[] args) {
    SpringApplication.run(ShopApplication.class, args);
  }
}
// snippet:end application
