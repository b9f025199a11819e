package dev.gatehouse.core.password;

import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2 (RFC 9106: types d, i and id, versions 0x10 and 0x13, no secret or associated data),
 * written so that its speed does not depend on how the JIT happens to compile it.
 *
 * <p>Why not BouncyCastle's {@code Argon2BytesGenerator}: its permutation calls a 63-byte {@code
 * quarterRound} method 32 times per round. That is above C2's {@code MaxInlineSize} (35 bytes), so
 * C2 inlines it only when the call sites' profile says they are hot. Under CPU load the tiered
 * policy often runs the caller at tier 2 (C1 without profiling) while C2's queue is long; C2 then
 * compiles the round with no counts for those call sites, emits 32 out-of-line calls per round, and
 * the process keeps that code for its whole life: about twice as slow, decided per JVM launch
 * (docs/BENCHMARKS.md has the launch statistics; its history in git the compilation logs).
 *
 * <p>Here the whole permutation of 16 words is one method of straight-line code (each of its eight
 * G functions loads its four words, mixes them in locals and stores them back) whose only callees
 * are {@link #blaMka} and {@link Long#rotateRight}, both far below {@code MaxInlineSize}, so every
 * tier inlines them by size alone, with or without a profile. Blake2b (the initial hash and the
 * variable-length output) stays BouncyCastle's: it runs a few dozen times per hash, not in the
 * loop. The memory is one flat {@code long[]} (128 words per 1 KiB block). Lanes are filled one
 * after the other on the calling thread, as BouncyCastle does; the result does not depend on that
 * order.
 */
final class Argon2Engine {
  static final int TYPE_D = 0;
  static final int TYPE_I = 1;
  static final int TYPE_ID = 2;
  static final int VERSION_10 = 0x10;
  static final int VERSION_13 = 0x13;

  private static final int WORDS = 128;
  private static final int BLOCK_BYTES = 1024;
  private static final int SYNC_POINTS = 4;
  private static final long LOW_32 = 0xFFFFFFFFL;

  /** The largest memory one flat {@code long[]} holds: 16 Mi blocks of 1 KiB. */
  static final int MAX_BLOCKS = Integer.MAX_VALUE / WORDS - 1;

  private final int type;
  private final int version;
  private final int lanes;
  private final int passes;
  private final int segmentLength;
  private final int laneLength;
  private final int blockCount;
  private final long[] memory;

  /** Scratch for one compression: the permuted block and the value XORed into the result. */
  private final long[] work = new long[WORDS];

  private final long[] keep = new long[WORDS];

  private final long[] zero = new long[WORDS];

  private Argon2Engine(int type, int version, int memoryKib, int passes, int lanes) {
    this.type = type;
    this.version = version;
    this.lanes = lanes;
    this.passes = passes;
    // RFC 9106 3.2: m' = 4 * p * floor(m / 4p) blocks, at least 8 * p.
    int blocks = Math.max(memoryKib, 2 * SYNC_POINTS * lanes);
    this.segmentLength = blocks / (lanes * SYNC_POINTS);
    this.laneLength = segmentLength * SYNC_POINTS;
    this.blockCount = laneLength * lanes;
    if (blockCount > MAX_BLOCKS) {
      throw new IllegalArgumentException("Argon2 memory above " + MAX_BLOCKS + " KiB");
    }
    this.memory = new long[blockCount * WORDS];
  }

  /**
   * Computes an Argon2 tag.
   *
   * @param type {@link #TYPE_D}, {@link #TYPE_I} or {@link #TYPE_ID}
   * @param version {@link #VERSION_10} or {@link #VERSION_13}
   * @param memoryKib memory in KiB, at least 8 per lane
   * @param passes passes over memory, at least 1
   * @param lanes lanes (parallelism), at least 1
   * @param password the password bytes
   * @param salt the salt, at least 8 bytes
   * @param tagLength the tag length in bytes, at least 4
   * @return the tag
   */
  static byte[] hash(
      int type,
      int version,
      int memoryKib,
      int passes,
      int lanes,
      byte[] password,
      byte[] salt,
      int tagLength) {
    Argon2Engine engine = new Argon2Engine(type, version, memoryKib, passes, lanes);
    byte[] h0 = engine.initialHash(memoryKib, password, salt, tagLength);
    engine.fillFirstBlocks(h0);
    for (int pass = 0; pass < passes; pass++) {
      for (int slice = 0; slice < SYNC_POINTS; slice++) {
        for (int lane = 0; lane < lanes; lane++) {
          engine.fillSegment(pass, slice, lane);
        }
      }
    }
    return engine.finish(tagLength);
  }

  private byte[] initialHash(int memoryKib, byte[] password, byte[] salt, int tagLength) {
    Blake2bDigest digest = new Blake2bDigest(512);
    int[] header = {lanes, tagLength, memoryKib, passes, version, type};
    for (int value : header) {
      update32(digest, value);
    }
    update32(digest, password.length);
    digest.update(password, 0, password.length);
    update32(digest, salt.length);
    digest.update(salt, 0, salt.length);
    update32(digest, 0); // no secret
    update32(digest, 0); // no associated data
    byte[] h0 = new byte[64 + 8];
    digest.doFinal(h0, 0);
    return h0;
  }

  private void fillFirstBlocks(byte[] h0) {
    byte[] block = new byte[BLOCK_BYTES];
    for (int lane = 0; lane < lanes; lane++) {
      putLe32(h0, 68, lane);
      for (int column = 0; column < 2; column++) {
        putLe32(h0, 64, column);
        variableHash(h0, block);
        int offset = (lane * laneLength + column) * WORDS;
        for (int i = 0; i < WORDS; i++) {
          memory[offset + i] = le64(block, i * 8);
        }
      }
    }
  }

  private void fillSegment(int pass, int slice, int lane) {
    boolean independent = type == TYPE_I || (type == TYPE_ID && pass == 0 && slice < 2);
    long[] addresses = null;
    long[] input = null;
    int start = 0;
    if (independent) {
      addresses = new long[WORDS];
      input = new long[WORDS];
      input[0] = pass;
      input[1] = lane;
      input[2] = slice;
      input[3] = blockCount;
      input[4] = passes;
      input[5] = type;
    }
    if (pass == 0 && slice == 0) {
      start = 2;
      if (independent) {
        nextAddresses(input, addresses);
      }
    }
    int current = lane * laneLength + slice * segmentLength + start;
    int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
    boolean withXor = version != VERSION_10 && pass > 0;
    for (int index = start; index < segmentLength; index++, current++, previous++) {
      if (current % laneLength == 1) {
        previous = current - 1;
      }
      long pseudoRandom;
      if (independent) {
        if (index % WORDS == 0) {
          nextAddresses(input, addresses);
        }
        pseudoRandom = addresses[index % WORDS];
      } else {
        pseudoRandom = memory[previous * WORDS];
      }
      int refLane = pass == 0 && slice == 0 ? lane : (int) ((pseudoRandom >>> 32) % lanes);
      int refIndex = referenceIndex(pass, slice, index, pseudoRandom & LOW_32, refLane == lane);
      compress(
          memory,
          previous * WORDS,
          memory,
          (refLane * laneLength + refIndex) * WORDS,
          memory,
          current * WORDS,
          withXor);
    }
  }

  /** RFC 9106 3.4.1.2: maps J1 onto a block of the reference area. */
  private int referenceIndex(int pass, int slice, int index, long j1, boolean sameLane) {
    long areaSize;
    if (pass == 0) {
      if (slice == 0) {
        areaSize = index - 1L;
      } else if (sameLane) {
        areaSize = (long) slice * segmentLength + index - 1;
      } else {
        areaSize = (long) slice * segmentLength + (index == 0 ? -1 : 0);
      }
    } else if (sameLane) {
      areaSize = laneLength - segmentLength + index - 1L;
    } else {
      areaSize = laneLength - segmentLength + (index == 0 ? -1L : 0L);
    }
    long x = (j1 * j1) >>> 32;
    long relative = areaSize - 1 - ((areaSize * x) >>> 32);
    long startPosition =
        pass == 0 || slice == SYNC_POINTS - 1 ? 0 : (long) (slice + 1) * segmentLength;
    return (int) ((startPosition + relative) % laneLength);
  }

  private void nextAddresses(long[] input, long[] addresses) {
    input[6]++;
    compress(zero, 0, input, 0, addresses, 0, false);
    compress(zero, 0, addresses, 0, addresses, 0, false);
  }

  /**
   * The compression function G: {@code out = P(x ^ y) ^ (x ^ y)}, XORed into {@code out}'s old
   * value when {@code withXor} (version 0x13 after the first pass). Invoked once per block, so it
   * is compiled as an ordinary method, not only through on-stack replacement of a long loop.
   */
  private void compress(
      long[] x, int xOffset, long[] y, int yOffset, long[] out, int outOffset, boolean withXor) {
    long[] r = work;
    long[] q = keep;
    for (int i = 0; i < WORDS; i++) {
      long v = x[xOffset + i] ^ y[yOffset + i];
      r[i] = v;
      q[i] = withXor ? v ^ out[outOffset + i] : v;
    }
    for (int row = 0; row < 8; row++) {
      permute(r, row * 16, 2);
    }
    for (int column = 0; column < 8; column++) {
      permute(r, column * 2, 16);
    }
    for (int i = 0; i < WORDS; i++) {
      out[outOffset + i] = r[i] ^ q[i];
    }
  }

  /**
   * Blake2b's round with Argon2's multiplication (RFC 9106 3.6) over eight 16-byte registers: the
   * pair of words at {@code base + k * stride} for k = 0..7 (a row: stride 2; a column: stride 16).
   */
  private static void permute(long[] r, int base, int stride) {
    int i0 = base;
    int i2 = i0 + stride;
    int i4 = i2 + stride;
    int i6 = i4 + stride;
    int i8 = i6 + stride;
    int i10 = i8 + stride;
    int i12 = i10 + stride;
    int i14 = i12 + stride;
    // G(v0, v4, v8, v12), columns
    long a = r[i0];
    long b = r[i4];
    long c = r[i8];
    long d = r[i12];
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 32);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 24);
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 16);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 63);
    r[i0] = a;
    r[i4] = b;
    r[i8] = c;
    r[i12] = d;
    // G(v1, v5, v9, v13), columns
    a = r[i0 + 1];
    b = r[i4 + 1];
    c = r[i8 + 1];
    d = r[i12 + 1];
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 32);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 24);
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 16);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 63);
    r[i0 + 1] = a;
    r[i4 + 1] = b;
    r[i8 + 1] = c;
    r[i12 + 1] = d;
    // G(v2, v6, v10, v14), columns
    a = r[i2];
    b = r[i6];
    c = r[i10];
    d = r[i14];
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 32);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 24);
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 16);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 63);
    r[i2] = a;
    r[i6] = b;
    r[i10] = c;
    r[i14] = d;
    // G(v3, v7, v11, v15), columns
    a = r[i2 + 1];
    b = r[i6 + 1];
    c = r[i10 + 1];
    d = r[i14 + 1];
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 32);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 24);
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 16);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 63);
    r[i2 + 1] = a;
    r[i6 + 1] = b;
    r[i10 + 1] = c;
    r[i14 + 1] = d;
    // G(v0, v5, v10, v15), diagonals
    a = r[i0];
    b = r[i4 + 1];
    c = r[i10];
    d = r[i14 + 1];
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 32);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 24);
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 16);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 63);
    r[i0] = a;
    r[i4 + 1] = b;
    r[i10] = c;
    r[i14 + 1] = d;
    // G(v1, v6, v11, v12), diagonals
    a = r[i0 + 1];
    b = r[i6];
    c = r[i10 + 1];
    d = r[i12];
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 32);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 24);
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 16);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 63);
    r[i0 + 1] = a;
    r[i6] = b;
    r[i10 + 1] = c;
    r[i12] = d;
    // G(v2, v7, v8, v13), diagonals
    a = r[i2];
    b = r[i6 + 1];
    c = r[i8];
    d = r[i12 + 1];
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 32);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 24);
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 16);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 63);
    r[i2] = a;
    r[i6 + 1] = b;
    r[i8] = c;
    r[i12 + 1] = d;
    // G(v3, v4, v9, v14), diagonals
    a = r[i2 + 1];
    b = r[i4];
    c = r[i8 + 1];
    d = r[i14];
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 32);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 24);
    a = blaMka(a, b);
    d = Long.rotateRight(d ^ a, 16);
    c = blaMka(c, d);
    b = Long.rotateRight(b ^ c, 63);
    r[i2 + 1] = a;
    r[i4] = b;
    r[i8 + 1] = c;
    r[i14] = d;
  }

  /** {@code a + b + 2 * lo32(a) * lo32(b)}; 18 bytes of bytecode, inlined by size everywhere. */
  private static long blaMka(long a, long b) {
    return a + b + 2 * (a & LOW_32) * (b & LOW_32);
  }

  private byte[] finish(int tagLength) {
    int last = laneLength - 1;
    long[] r = work;
    System.arraycopy(memory, last * WORDS, r, 0, WORDS);
    for (int lane = 1; lane < lanes; lane++) {
      int offset = (lane * laneLength + last) * WORDS;
      for (int i = 0; i < WORDS; i++) {
        r[i] ^= memory[offset + i];
      }
    }
    byte[] block = new byte[BLOCK_BYTES];
    for (int i = 0; i < WORDS; i++) {
      putLe64(block, i * 8, r[i]);
    }
    byte[] tag = new byte[tagLength];
    variableHash(block, tag);
    return tag;
  }

  /** RFC 9106 3.3, H': Blake2b stretched to {@code out.length} bytes. */
  private static void variableHash(byte[] input, byte[] out) {
    byte[] length = new byte[4];
    putLe32(length, 0, out.length);
    if (out.length <= 64) {
      Blake2bDigest digest = new Blake2bDigest(out.length * 8);
      digest.update(length, 0, 4);
      digest.update(input, 0, input.length);
      digest.doFinal(out, 0);
      return;
    }
    byte[] v = new byte[64];
    Blake2bDigest digest = new Blake2bDigest(512);
    digest.update(length, 0, 4);
    digest.update(input, 0, input.length);
    digest.doFinal(v, 0);
    int position = 0;
    System.arraycopy(v, 0, out, position, 32);
    position += 32;
    while (out.length - position > 64) {
      digest.reset();
      digest.update(v, 0, 64);
      digest.doFinal(v, 0);
      System.arraycopy(v, 0, out, position, 32);
      position += 32;
    }
    Blake2bDigest lastDigest = new Blake2bDigest((out.length - position) * 8);
    lastDigest.update(v, 0, 64);
    lastDigest.doFinal(out, position);
  }

  private static void update32(Blake2bDigest digest, int value) {
    byte[] b = new byte[4];
    putLe32(b, 0, value);
    digest.update(b, 0, 4);
  }

  private static void putLe32(byte[] b, int offset, int value) {
    b[offset] = (byte) value;
    b[offset + 1] = (byte) (value >>> 8);
    b[offset + 2] = (byte) (value >>> 16);
    b[offset + 3] = (byte) (value >>> 24);
  }

  private static void putLe64(byte[] b, int offset, long value) {
    putLe32(b, offset, (int) value);
    putLe32(b, offset + 4, (int) (value >>> 32));
  }

  private static long le64(byte[] b, int offset) {
    long value = 0;
    for (int i = 7; i >= 0; i--) {
      value = (value << 8) | (b[offset + i] & 0xFF);
    }
    return value;
  }
}
