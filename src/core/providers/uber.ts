import { hmacProvider } from "./hmac-provider.js";

/**
 * Uber realtime driver status webhook (seed 001): X-Uber-Signature = lowercase hex of
 * HMAC-SHA256(client secret, raw body); upper-case hex is accepted too. Uber also sends
 * X-Environment (production | sandbox); we sign as sandbox.
 */
export const uber = hmacProvider({
  name: "uber",
  title: "Uber",
  secretName: "client secret",
  header: "X-Uber-Signature",
  algorithm: "sha256",
  encoding: "hex",
  extraHeaders: { "X-Environment": "sandbox" },
});
