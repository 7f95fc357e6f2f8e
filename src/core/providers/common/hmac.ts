/** Shared signing for providers that send one HMAC of the raw body in one header (Zubie, Uber, Smartcar, Motive, Fleetio, generic HMAC). */
import { hmac, encode, type HmacAlgorithm, type SignatureEncoding } from "../../signing/hmac.js";
import { verifyDigest, type DigestScheme } from "../../signing/diagnose.js";
import { missingKey } from "../../signing/results.js";
import type { Diagnosis, VerifyResult } from "../../signing/types.js";
import type { SigningProfile, SignInput, VerifyInput } from "../types.js";

export type { SigningProfile } from "../types.js";

export interface HmacSpec {
  name: string;
  title: string;
  secretName: string;
  header: string;
  algorithm: HmacAlgorithm;
  encoding: SignatureEncoding;
  prefix?: string;
  /** Extra headers the provider always sends. */
  extraHeaders?: Record<string, string>;
  /** Keys the provider's secret is commonly mistaken for (diagnosed as secret-format). */
  secretVariants?: DigestScheme["secretVariants"];
  /** What the provider's own documents add to a shared diagnosis (appended to its message), if anything. */
  note?: (diagnosis: Diagnosis) => string | undefined;
}

/** A failed verdict with the provider's notes appended to the diagnoses they explain. */
function withNotes(r: VerifyResult, note: (d: Diagnosis) => string | undefined): VerifyResult {
  if (r.valid) return r;
  let changed = false;
  const diagnoses = r.diagnoses.map((d) => {
    const extra = note(d);
    if (extra === undefined) return d;
    changed = true;
    return { ...d, message: d.message + extra };
  });
  return changed ? { ...r, diagnoses, message: diagnoses[0]!.message } : r;
}

export function digestScheme(spec: HmacSpec): DigestScheme {
  const prefix = spec.prefix ?? "";
  return {
    provider: spec.name,
    header: spec.header,
    encoding: spec.encoding,
    algorithm: spec.algorithm,
    digest: (body, secret, algorithm) => hmac(algorithm, secret, body),
    ...(spec.secretVariants && { secretVariants: spec.secretVariants }),
    candidates(value) {
      if (prefix && value.toLowerCase().startsWith(prefix.toLowerCase())) return [value.slice(prefix.length).trim()];
      const labelled = /^(sha1|sha256|sha512)=(.*)$/i.exec(value);
      return [labelled ? labelled[2]!.trim() : value];
    },
  };
}

export function hmacSign(spec: HmacSpec, input: SignInput): Record<string, string> {
  const mac = hmac(spec.algorithm, input.secret, input.body);
  return {
    "Content-Type": "application/json",
    ...spec.extraHeaders,
    [spec.header]: (spec.prefix ?? "") + encode(mac, spec.encoding),
  };
}

export function hmacVerify(spec: HmacSpec, input: VerifyInput): VerifyResult {
  if (input.secrets.length === 0) return missingKey(spec.name, spec.secretName);
  const r = verifyDigest(digestScheme(spec), input);
  return spec.note ? withNotes(r, spec.note) : r;
}

/** The signing part of a profile for one HMAC header. */
export function hmacSigning(spec: HmacSpec): SigningProfile {
  const alg = spec.algorithm.toUpperCase().replace("SHA", "SHA-");
  return {
    auth: "hmac",
    secretName: spec.secretName,
    secretRequired: true,
    authHeaders: [spec.header.toLowerCase()],
    signatureHeader: () => spec.header,
    describe: () => `${spec.header}: ${spec.prefix ?? ""}${spec.encoding} of HMAC-${alg}(${spec.secretName}, raw body)`,
    sign: (input) => hmacSign(spec, input),
    verify: (input) => hmacVerify(spec, input),
    timestamped: false,
  };
}
