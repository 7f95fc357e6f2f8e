import type { VerifyResult } from "./types.js";

export function missingKey(provider: string, secretName: string): VerifyResult {
  const message = `no ${secretName} given to verify with`;
  return { provider, verdict: "invalid", valid: false, reason: "missing-key", message, diagnoses: [{ code: "missing-key", message }] };
}
