/**
 * Generic HMAC for any other sender: header, algorithm, encoding and prefix are settings
 * (SchemeOptions). Carries any JSON, so it has no catalogue of its own: validation, facts and fresh
 * sends follow the payload's own provider.
 */
import { hmacSigning, type HmacSpec } from "../common/hmac.js";
import { randomText } from "../common/random.js";
import type { Provider, SchemeOptions, SigningProfile } from "../types.js";

function generic(options: SchemeOptions = {}): SigningProfile {
  const spec: HmacSpec = {
    name: "hmac",
    title: "Generic HMAC",
    secretName: "secret",
    header: options.header ?? "X-Signature",
    algorithm: options.algorithm ?? "sha256",
    encoding: options.encoding ?? "hex",
    prefix: options.prefix ?? "",
  };
  return hmacSigning(spec);
}

export const hmac: Provider = {
  name: "hmac",
  title: "Generic HMAC",
  auth: "hmac",
  secretName: "secret",
  secretRequired: true,
  // Any header name is possible, so requests are never attributed to this provider by header.
  authHeaders: [],
  signatureHeader: (options) => options?.header ?? "X-Signature",
  describe: (options) => generic(options).describe(),
  sign: (input) => generic(input.options).sign(input),
  verify: (input) => generic(input.options).verify(input),
  timestamped: false,
  devSecret: (randomBytes) => randomText(randomBytes, 32),
  exampleFixture: "zubie/trip_end",
};
