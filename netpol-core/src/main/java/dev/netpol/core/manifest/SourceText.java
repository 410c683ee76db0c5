package dev.netpol.core.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the bytes of a manifest as kubectl does: UTF-8 (a UTF-8 byte order mark is dropped),
 * or UTF-16 when the input starts with a UTF-16 byte order mark. Bytes that are not valid in
 * that encoding are an error at their byte offset, never replaced; a file that looks binary is
 * called so. See {@code docs/reading-files.md#encodings}.
 */
final class SourceText {
  /** How many leading bytes are checked for signs of a binary file. */
  private static final int SNIFF_BYTES = 8000;

  private SourceText() {}

  /** The input cannot be decoded; the message says where and why. */
  static final class Undecodable extends IOException {
    private static final long serialVersionUID = 1L;
    final int line;
    final int column;

    Undecodable(String message, int line, int column) {
      super(message);
      this.line = line;
      this.column = column;
    }
  }

  /**
   * Reads and decodes a stream, stopping one character past {@code maxChars} so that a huge
   * input fails without being read whole.
   */
  static String read(InputStream in, int maxChars) throws IOException {
    byte[] head = in.readNBytes(4);
    int skip = 0;
    Charset charset = StandardCharsets.UTF_8;
    if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB
        && (head[2] & 0xFF) == 0xBF) {
      skip = 3;
    } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
      skip = 2;
      charset = StandardCharsets.UTF_16BE;
    } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
      skip = 2;
      charset = StandardCharsets.UTF_16LE;
    }
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    bytes.put(head, skip, head.length - skip);
    CharBuffer chars = CharBuffer.allocate(64 * 1024);
    StringBuilder out = new StringBuilder();
    Sniff sniff = new Sniff();
    sniff.add(head, skip, head.length - skip);
    long consumed = skip; // bytes of the input before the start of the buffer
    boolean eof = false;
    while (true) {
      if (!eof) {
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
          eof = true;
        } else {
          sniff.add(bytes.array(), bytes.position(), n);
          bytes.position(bytes.position() + n);
        }
      }
      bytes.flip();
      CoderResult r = decoder.decode(bytes, chars, eof);
      drain(chars, out);
      if (r.isError()) {
        throw undecodable(charset, consumed + bytes.position(), bytes, out, sniff);
      }
      if (out.length() > maxChars) {
        return out.toString();
      }
      consumed += bytes.position();
      bytes.compact();
      if (eof && r.isUnderflow()) {
        break;
      }
    }
    CoderResult r = decoder.flush(chars);
    drain(chars, out);
    if (r.isError()) {
      throw undecodable(charset, consumed, bytes, out, sniff);
    }
    if (charset.equals(StandardCharsets.UTF_8) && sniff.looksLikeUtf16()) {
      // valid UTF-8 only because every other byte is NUL: kubectl would read NULs, not text
      throw new Undecodable("binary file (" + sniff.describe() + ")", 0, 0);
    }
    return out.toString();
  }

  private static void drain(CharBuffer chars, StringBuilder out) {
    chars.flip();
    out.append(chars);
    chars.clear();
  }

  private static Undecodable undecodable(
      Charset charset, long offset, ByteBuffer bytes, StringBuilder decoded, Sniff sniff) {
    int lastNewline = decoded.lastIndexOf("\n");
    int line = 1;
    for (int i = 0; i < decoded.length(); i++) {
      if (decoded.charAt(i) == '\n') {
        line++;
      }
    }
    int column = decoded.codePointCount(lastNewline + 1, decoded.length()) + 1;
    if (charset.equals(StandardCharsets.UTF_8) && sniff.looksBinary()) {
      return new Undecodable(
          "binary file (" + sniff.describe() + "), not YAML or JSON text: remove it from the"
              + " loaded paths, or rename it so that it does not end in .yaml, .yml or .json",
          0,
          0);
    }
    int b = bytes.hasRemaining() ? bytes.get(bytes.position()) & 0xFF : -1;
    String found =
        b < 0 ? "the input ends inside a character" : String.format("found byte 0x%02X", b);
    String name = charset.equals(StandardCharsets.UTF_8) ? "UTF-8" : charset.name();
    String fix =
        charset.equals(StandardCharsets.UTF_8)
            ? "save the file as UTF-8 (kubectl reads UTF-8, or UTF-16 with a byte order mark)"
            : "save the file as UTF-8, or as " + name + " with a byte order mark throughout";
    return new Undecodable(
        "not " + name + " at byte " + offset + " (line " + line + ", column " + column + "): "
            + found + "; " + fix,
        line,
        column);
  }

  /** Counts NUL and other control bytes among the first bytes, to recognise a binary file. */
  private static final class Sniff {
    int seen;
    int nul;
    int nulEven;
    int control;

    void add(byte[] b, int off, int len) {
      for (int i = off; i < off + len && seen < SNIFF_BYTES; i++, seen++) {
        int c = b[i] & 0xFF;
        if (c == 0) {
          nul++;
          if (seen % 2 == 0) {
            nulEven++;
          }
        } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          control++;
        }
      }
    }

    boolean looksBinary() {
      return nul > 0 || control * 10 > seen;
    }

    boolean looksLikeUtf16() {
      return nul > 0 && seen > 8 && (nulEven == nul || nulEven == 0) && nul * 3 > seen;
    }

    String describe() {
      if (looksLikeUtf16()) {
        return "it looks like UTF-16 without a byte order mark; save it as UTF-8";
      }
      return nul > 0
          ? nul + " NUL bytes among the first " + seen + " and bytes that are not UTF-8"
          : "control bytes and bytes that are not UTF-8";
    }
  }
}
