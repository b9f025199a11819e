package com.example.shop;

// snippet:start application
// ShopApplication.java
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

// snippet:hide
/** The README's Spring Boot host (README.md, "Spring Boot hosts"); SpringBootHostTest runs it. */
// snippet:show
@SpringBootApplication
@EnableMethodSecurity
public class ShopApplication {
  public static void main(String[] args) {
    SpringApplication.run(ShopApplication.class, args);
  }
}
// snippet:end application
