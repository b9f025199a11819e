package dev.gatehouse.scim;

import dev.gatehouse.scim.DirectoryMembers.Member;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.directory.scim.spec.filter.AttributeComparisonExpression;
import org.apache.directory.scim.spec.filter.AttributePresentExpression;
import org.apache.directory.scim.spec.filter.CompareOperator;
import org.apache.directory.scim.spec.filter.Filter;
import org.apache.directory.scim.spec.filter.FilterExpression;
import org.apache.directory.scim.spec.filter.FilterParseException;
import org.apache.directory.scim.spec.filter.GroupExpression;
import org.apache.directory.scim.spec.filter.LogicalExpression;
import org.apache.directory.scim.spec.filter.LogicalOperator;
import org.apache.directory.scim.spec.filter.ValuePathExpression;
import org.apache.directory.scim.spec.filter.attribute.AttributeReference;
import org.jspecify.annotations.Nullable;

/**
 * A list's {@code filter} over the members: parsed by SCIMple's grammar (RFC 7644 §3.4.2.2) into
 * its expression tree, which is then evaluated against the attributes a member has here. Attribute
 * names are compared in any case; string values in any case except {@code id} and {@code
 * externalId}, which are case-exact (RFC 7643 §3.1, §4.1.1). An attribute the service provider does
 * not keep, or an operator it cannot apply to it, is {@code invalidFilter}.
 */
final class MemberFilter {
  /**
   * Entra ID's and Okta's {@code emails[type eq "work"].value eq "x"}: a value path followed by a
   * sub-attribute's comparison, which SCIMple's grammar reads as the value path alone (dropping the
   * comparison, so it would match every member with a work address). Rewritten to the RFC's own
   * form, {@code emails[type eq "work" and value eq "x"]}, which means the same.
   */
  private static final Pattern VALUE_PATH_THEN_SUB =
      Pattern.compile(
          "^\\s*([A-Za-z][\\w]*)\\[(.+)\\]\\.([A-Za-z][\\w]*)\\s+(eq|ne|co|sw|ew|gt|ge|lt|le)\\s+(.+?)\\s*$",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private static final Pattern UNSUPPORTED_SUB = Pattern.compile("\\]\\s*\\.");

  private MemberFilter() {}

  /**
   * @param text the {@code filter} parameter
   * @return the filter as a test of a member
   * @throws ScimProblem {@code invalidFilter} when it does not parse or names what is not kept
   */
  static Predicate<Member> parse(String text) {
    String rewritten = text;
    Matcher m = VALUE_PATH_THEN_SUB.matcher(text);
    if (m.matches() && !m.group(2).contains("]")) {
      rewritten =
          m.group(1)
              + "["
              + m.group(2)
              + " and "
              + m.group(3)
              + " "
              + m.group(4)
              + " "
              + m.group(5)
              + "]";
    } else if (UNSUPPORTED_SUB.matcher(text).find()) {
      throw ScimProblem.invalidFilter(
          "a value path followed by a sub-attribute is taken alone, as the whole filter");
    }
    FilterExpression expression;
    try {
      expression = new Filter(rewritten).getExpression();
    } catch (FilterParseException | RuntimeException e) {
      throw ScimProblem.invalidFilter("the filter does not parse");
    }
    if (expression == null) {
      throw ScimProblem.invalidFilter("the filter is empty");
    }
    // Checked once against an empty member, so a wrong attribute is refused even on no members.
    test(expression, null, probe());
    return member -> test(expression, null, member);
  }

  /**
   * {@return whether the member matches}
   *
   * @param within the multi-valued attribute a value path's filter is inside, or {@code null}
   */
  private static boolean test(FilterExpression e, @Nullable String within, Member member) {
    if (e instanceof LogicalExpression l) {
      boolean left = test(l.getLeft(), within, member);
      boolean right = test(l.getRight(), within, member);
      return l.getOperator() == LogicalOperator.AND ? left && right : left || right;
    }
    if (e instanceof GroupExpression g) {
      return g.isNot() != test(g.getFilterExpression(), within, member);
    }
    if (e instanceof ValuePathExpression v) {
      String attribute = v.getAttributePath().getFullAttributeName().toLowerCase(Locale.ROOT);
      if (!attribute.equals("emails")) {
        throw ScimProblem.invalidFilter("only emails is filtered by a value path");
      }
      // The member has one address, of type work and primary.
      return test(v.getAttributeExpression(), "emails", member);
    }
    if (e instanceof AttributePresentExpression p) {
      return value(p.getAttributePath(), within, member) != null;
    }
    if (e instanceof AttributeComparisonExpression c) {
      Object actual = value(c.getAttributePath(), within, member);
      return compare(c.getOperation(), actual, c.getCompareValue(), exact(c.getAttributePath()));
    }
    throw ScimProblem.invalidFilter("the filter's form is not supported");
  }

  /** {@return the member's value of the attribute, or null} */
  private static @Nullable Object value(
      AttributeReference ref, @Nullable String within, Member member) {
    String name = name(ref, within);
    return switch (name) {
      case "id" -> member.id().toString();
      case "username" -> member.userName();
      case "externalid" -> member.externalId();
      case "displayname" -> member.displayName();
      case "active" -> member.active();
      case "name.givenname" -> member.givenName();
      case "name.familyname" -> member.familyName();
      case "emails", "emails.value" -> member.email();
      case "emails.type" -> member.email() == null ? null : "work";
      case "emails.primary" -> member.email() == null ? null : Boolean.TRUE;
      case "meta.created" -> member.createdAt();
      case "meta.lastmodified" -> member.modifiedAt();
      default -> throw ScimProblem.invalidFilter("the attribute " + name + " is not filtered");
    };
  }

  private static String name(AttributeReference ref, @Nullable String within) {
    String attribute = ref.getAttributeName();
    String sub = ref.getSubAttributeName();
    String name = sub == null ? attribute : attribute + "." + sub;
    name = name.toLowerCase(Locale.ROOT);
    if (within != null && !name.startsWith(within + ".") && !name.equals(within)) {
      name = within + "." + name;
    }
    return name;
  }

  private static boolean exact(AttributeReference ref) {
    String a = ref.getAttributeName().toLowerCase(Locale.ROOT);
    return ref.getSubAttributeName() == null && (a.equals("id") || a.equals("externalid"));
  }

  private static boolean compare(
      CompareOperator op, @Nullable Object actual, @Nullable Object expected, boolean exact) {
    if (op == CompareOperator.PR) {
      return actual != null;
    }
    if (actual == null) {
      return op == CompareOperator.NE && expected != null;
    }
    if (actual instanceof Boolean b) {
      Boolean want = bool(expected);
      return switch (op) {
        case EQ -> b.equals(want);
        case NE -> !b.equals(want);
        default -> throw ScimProblem.invalidFilter("a boolean is compared with eq or ne");
      };
    }
    if (actual instanceof Instant at) {
      Instant want = instant(expected);
      int c = at.compareTo(want);
      return switch (op) {
        case EQ -> c == 0;
        case NE -> c != 0;
        case GT -> c > 0;
        case GE -> c >= 0;
        case LT -> c < 0;
        case LE -> c <= 0;
        default ->
            throw ScimProblem.invalidFilter("a date is compared with eq, ne, gt, ge, lt, le");
      };
    }
    if (!(expected instanceof String)) {
      throw ScimProblem.invalidFilter("a string attribute is compared with a string");
    }
    String a = exact ? (String) actual : ((String) actual).toLowerCase(Locale.ROOT);
    String w = exact ? (String) expected : ((String) expected).toLowerCase(Locale.ROOT);
    int c = a.compareTo(w);
    return switch (op) {
      case EQ -> c == 0;
      case NE -> c != 0;
      case CO -> a.contains(w);
      case SW -> a.startsWith(w);
      case EW -> a.endsWith(w);
      case GT -> c > 0;
      case GE -> c >= 0;
      case LT -> c < 0;
      case LE -> c <= 0;
      default -> throw ScimProblem.invalidFilter("the operator is not supported");
    };
  }

  private static Boolean bool(@Nullable Object expected) {
    if (expected instanceof Boolean b) {
      return b;
    }
    if (expected instanceof String s
        && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s.toLowerCase(Locale.ROOT));
    }
    throw ScimProblem.invalidFilter("a boolean attribute is compared with true or false");
  }

  private static Instant instant(@Nullable Object expected) {
    if (expected instanceof String s) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        throw ScimProblem.invalidFilter("a date is compared with an xsd:dateTime");
      }
    }
    throw ScimProblem.invalidFilter("a date is compared with an xsd:dateTime");
  }

  private static Member probe() {
    Instant epoch = Instant.EPOCH;
    return new Member(
        new java.util.UUID(0, 0),
        new java.util.UUID(0, 0),
        new java.util.UUID(0, 0),
        "",
        "",
        "",
        "",
        "",
        "",
        DirectoryMembers.State.ACTIVE,
        "",
        false,
        epoch,
        epoch);
  }
}
