import { describe, expect, it } from "vitest";
import { bytesEqual, decode, encode, hmac } from "../../../src/core/signing/hmac.js";

// Known answers: HMAC(key="key", "The quick brown fox jumps over the lazy dog"), the values
// published with RFC 2104's Wikipedia examples.
const FOX = "The quick brown fox jumps over the lazy dog";

describe("hmac", () => {
  it("matches published HMAC known answers for sha1, sha256 and sha512", () => {
    expect(hmac("sha1", "key", FOX).toString("hex")).toBe("de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9");
    expect(hmac("sha256", "key", FOX).toString("hex")).toBe("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    expect(hmac("sha512", "key", FOX).toString("hex")).toBe(
      "b42af09057bac1e2d41708e48a902e09b5ff7f12ab428a4fe86653c73dd248fb82f948a549f7b791a5b41915ee4d1ec3935357e4e2317250d0372afa2ebeeb3a",
    );
  });

  it("encodes as hex and base64", () => {
    const mac = hmac("sha256", "key", FOX);
    expect(encode(mac, "base64")).toBe("97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=");
    expect(encode(mac, "hex")).toBe("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  });
});

describe("decode", () => {
  it("accepts upper- and lower-case hex", () => {
    expect(decode("ABcd", "hex")?.toString("hex")).toBe("abcd");
  });

  it("refuses hex with odd length or foreign characters instead of silently truncating", () => {
    expect(decode("abc", "hex")).toBeUndefined();
    expect(decode("zz", "hex")).toBeUndefined();
    expect(decode("", "hex")).toBeUndefined();
  });

  it("accepts base64 with and without padding, and base64url", () => {
    expect(decode("aGk=", "base64")?.toString()).toBe("hi");
    expect(decode("aGk", "base64")?.toString()).toBe("hi");
    expect(decode("-_8", "base64")?.toString("hex")).toBe("fbff");
  });

  it("refuses base64 with characters outside the alphabet", () => {
    expect(decode("a*b=", "base64")).toBeUndefined();
    expect(decode("ab cd", "base64")).toBeUndefined();
  });
});

describe("bytesEqual", () => {
  it("is false for different lengths rather than throwing", () => {
    expect(bytesEqual(Buffer.from("ab"), Buffer.from("abc"))).toBe(false);
    expect(bytesEqual(Buffer.from("abc"), Buffer.from("abc"))).toBe(true);
    expect(bytesEqual(Buffer.from("abd"), Buffer.from("abc"))).toBe(false);
  });
});
