package com.example.apikeys.host;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A host as a team that installs the module runs it: Gatehouse's starter, its entities, a changelog
 * that includes Gatehouse's and the module's. The starter finds {@code ApiKeys} on the class path.
 */
@SpringBootApplication
public class TestHost {}
