import { hmacProvider } from "./hmac-provider.js";

/** Zubie (seeds 003, 004): Zubie-Signature = base64(HMAC-SHA256(app secret, raw body)). */
export const zubie = hmacProvider({
  name: "zubie",
  title: "Zubie",
  secretName: "app secret",
  header: "Zubie-Signature",
  algorithm: "sha256",
  encoding: "base64",
});
