/** Random ids and secrets from an injected source (pure: tests pass a fixed one). */
import type { RandomBytes } from "../types.js";

export const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** `length` characters of `alphabet`, unbiased (bytes that would favour the first letters are drawn again). */
export function randomText(randomBytes: RandomBytes, length: number, alphabet = ALPHANUMERIC): string {
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length - out.length + 8)) {
      if (b < limit) out += alphabet[b % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** `n` random bytes as base64 (standard alphabet, with padding) or base64url. */
export function randomBase64(randomBytes: RandomBytes, n: number, url = false): string {
  return Buffer.from(randomBytes(n)).toString(url ? "base64url" : "base64");
}

/** A version-4 UUID from `random` ([0, 1)). */
export function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(random() * 4)]!;
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** An id shaped like the original: same prefix (`E_`, `T_`), same length and alphabet. */
export function likeId(original: string, random: () => number): string {
  const m = /^([A-Za-z]+_)?(.*)$/.exec(original)!;
  const body = m[2]!;
  const alphabet = /^[0-9a-f]+$/.test(body) ? "0123456789abcdef" : /^[0-9]+$/.test(body) ? "0123456789" : ALPHANUMERIC;
  let out = "";
  for (let i = 0; i < Math.max(8, body.length); i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return (m[1] ?? "") + out;
}
