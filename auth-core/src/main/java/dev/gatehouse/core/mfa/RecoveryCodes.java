package dev.gatehouse.core.mfa;

import java.util.List;

/**
 * A new set of single-use recovery codes, shown to the user once: only keyed hashes are stored, and
 * the set replaced every earlier one. {@link #toString()} never shows the codes.
 *
 * @param codes the codes, each {@code xxxxx-xxxxx} (the hyphen, spaces and case do not matter when
 *     one is typed)
 */
public record RecoveryCodes(List<String> codes) {
  /**
   * @param codes the codes
   */
  public RecoveryCodes {
    codes = List.copyOf(codes);
  }

  @Override
  public String toString() {
    return "RecoveryCodes[" + codes.size() + " codes]";
  }
}
