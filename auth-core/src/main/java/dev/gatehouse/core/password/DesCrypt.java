package dev.gatehouse.core.password;

/**
 * The DES block cipher as the traditional Unix crypt(3) uses it: a key of eight 7-bit characters,
 * up to 24 salt bits that swap bits of the expansion permutation's output, and a block encrypted
 * again and again. Written from FIPS 46-3's tables; no library offers the salted variant (a salt of
 * zero and one pass is plain DES, which the tests check against BouncyCastle's DES engine).
 */
final class DesCrypt {
  private static final int[] IP = {
    58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
    62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
    57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
    61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7
  };
  private static final int[] FP = inverse(IP);
  private static final int[] PC1 = {
    57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18,
    10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
    63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22,
    14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4
  };
  private static final int[] PC2 = {
    14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10,
    23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
    41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48,
    44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32
  };
  private static final int[] SHIFTS = {1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1};
  private static final int[] P = {
    16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
    2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25
  };
  private static final int[][] S = {
    {
      14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7,
      0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
      4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0,
      15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13
    },
    {
      15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10,
      3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
      0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15,
      13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9
    },
    {
      10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8,
      13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
      13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7,
      1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12
    },
    {
      7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15,
      13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
      10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4,
      3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14
    },
    {
      2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9,
      14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
      4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14,
      11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3
    },
    {
      12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11,
      10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
      9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6,
      4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13
    },
    {
      4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1,
      13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
      1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2,
      6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12
    },
    {
      13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7,
      1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
      7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8,
      2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11
    }
  };

  private DesCrypt() {}

  /** The 16 round keys (48 bits each, in the low bits) of a 64-bit key, parity bits ignored. */
  static long[] roundKeys(long key) {
    long cd = permute(key, 64, PC1);
    int c = (int) (cd >>> 28);
    int d = (int) (cd & 0xFFFFFFF);
    long[] keys = new long[16];
    for (int round = 0; round < 16; round++) {
      c = rotate28(c, SHIFTS[round]);
      d = rotate28(d, SHIFTS[round]);
      keys[round] = permute(((long) c << 28) | d, 56, PC2);
    }
    return keys;
  }

  /**
   * Encrypts {@code block} {@code count} times in a row with {@code keys}, each pass with the
   * expansion's output bit {@code i} swapped with bit {@code i + 24} wherever salt bit {@code i}
   * (counted from the least significant) is set.
   */
  static long encrypt(long block, long[] keys, int salt, long count) {
    int saltMask = 0;
    for (int i = 0; i < 24; i++) {
      if ((salt & (1 << i)) != 0) {
        saltMask |= 1 << (23 - i);
      }
    }
    long result = block;
    for (long pass = 0; pass < count; pass++) {
      long permuted = permute(result, 64, IP);
      int left = (int) (permuted >>> 32);
      int right = (int) permuted;
      for (int round = 0; round < 16; round++) {
        int next = left ^ feistel(right, keys[round], saltMask);
        left = right;
        right = next;
      }
      result = permute(((long) right << 32) | (left & 0xFFFFFFFFL), 64, FP);
    }
    return result;
  }

  private static int feistel(int right, long key, int saltMask) {
    // The expansion: eight overlapping 6-bit windows over the half-block read as a ring.
    long ring = ((long) Integer.rotateRight(right, 1) & 0xFFFFFFFFL);
    ring = (ring << 32) | ring;
    long expanded = 0;
    for (int box = 0; box < 8; box++) {
      expanded = (expanded << 6) | ((ring >>> (58 - 4 * box)) & 0x3F);
    }
    long high = expanded >>> 24;
    long low = expanded & 0xFFFFFF;
    long swap = (high ^ low) & saltMask;
    expanded = ((high ^ swap) << 24 | (low ^ swap)) ^ key;
    int substituted = 0;
    for (int box = 0; box < 8; box++) {
      int six = (int) (expanded >>> (42 - 6 * box)) & 0x3F;
      int row = (six & 0x20) >>> 4 | (six & 1);
      int column = (six >>> 1) & 0xF;
      substituted = (substituted << 4) | S[box][row * 16 + column];
    }
    return (int) permute(substituted & 0xFFFFFFFFL, 32, P);
  }

  /** Output bit i (from the most significant of {@code table.length}) is input bit table[i]. */
  private static long permute(long input, int inputBits, int[] table) {
    long out = 0;
    for (int position : table) {
      out = (out << 1) | ((input >>> (inputBits - position)) & 1);
    }
    return out;
  }

  private static int rotate28(int value, int by) {
    return ((value << by) | (value >>> (28 - by))) & 0xFFFFFFF;
  }

  private static int[] inverse(int[] table) {
    int[] inverse = new int[table.length];
    for (int i = 0; i < table.length; i++) {
      inverse[table[i] - 1] = i + 1;
    }
    return inverse;
  }
}
