package dev.gatehouse.organizations;

import java.util.Hashtable;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * Answers whether an organisation holds an email domain, by a value it published there: the
 * default, {@link #dns()}, reads the TXT records of {@code _gatehouse-challenge.<domain>}. A host
 * that proves domains another way (an operator's check, its own DNS API) gives its own with {@code
 * Organizations.Builder#domainVerifier}. Called outside any database transaction. Implementations
 * are thread-safe.
 *
 * <pre>{@code
 * Organizations.builder().domainVerifier((domain, challenge) -> operatorApproved(domain, challenge))
 * }</pre>
 */
@FunctionalInterface
public interface DomainVerifier {
  /** The label before the domain of the TXT record that proves it. */
  String RECORD_PREFIX = "_gatehouse-challenge.";

  /**
   * {@return whether the domain publishes the challenge}
   *
   * @param domain the domain, lower-case
   * @param challenge the organisation's challenge for it ({@link OrganizationDomain#challenge})
   */
  boolean holds(String domain, String challenge);

  /**
   * {@return the verifier that looks the challenge up among the TXT records of {@code
   * _gatehouse-challenge.<domain>} through the system's resolver (JNDI's DNS provider); a failed
   * lookup answers {@code false}}
   */
  static DomainVerifier dns() {
    return (domain, challenge) -> {
      Hashtable<String, String> env = new Hashtable<>();
      env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
      env.put("com.sun.jndi.dns.timeout.initial", "2000");
      env.put("com.sun.jndi.dns.timeout.retries", "1");
      try {
        DirContext dns = new InitialDirContext(env);
        try {
          Attributes found = dns.getAttributes(RECORD_PREFIX + domain, new String[] {"TXT"});
          Attribute txt = found.get("TXT");
          if (txt == null) {
            return false;
          }
          NamingEnumeration<?> values = txt.getAll();
          while (values.hasMore()) {
            // A TXT value arrives quoted when it holds spaces; the challenge never does.
            String value = String.valueOf(values.next()).replace("\"", "").strip();
            if (value.equals(challenge)) {
              return true;
            }
          }
          return false;
        } finally {
          dns.close();
        }
      } catch (NamingException e) {
        return false;
      }
    };
  }
}
