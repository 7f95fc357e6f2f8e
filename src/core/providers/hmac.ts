import { hmacProvider, type HmacSpec } from "./hmac-provider.js";
import type { Provider, SchemeOptions } from "./types.js";

/** Generic HMAC for any other sender: header, algorithm, encoding and prefix are settings. */
function generic(options: SchemeOptions = {}): Provider {
  const spec: HmacSpec = {
    name: "hmac",
    title: "Generic HMAC",
    secretName: "secret",
    header: options.header ?? "X-Signature",
    algorithm: options.algorithm ?? "sha256",
    encoding: options.encoding ?? "hex",
    prefix: options.prefix ?? "",
  };
  return hmacProvider(spec);
}

export const hmac: Provider = {
  name: "hmac",
  title: "Generic HMAC",
  auth: "hmac",
  secretName: "secret",
  // Any header name is possible, so requests are never attributed to this provider by header.
  authHeaders: [],
  signatureHeader: (options) => options?.header ?? "X-Signature",
  describe: (options) => generic(options).describe(),
  sign: (input) => generic(input.options).sign(input),
  verify: (input) => generic(input.options).verify(input),
};
