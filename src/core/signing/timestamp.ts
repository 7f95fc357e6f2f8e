/**
 * Signed timestamps (Standard Webhooks' webhook-timestamp, Samsara's X-Samsara-Timestamp): Unix
 * seconds that must lie within a tolerance of now, so that a captured request cannot be replayed
 * later. A signature that matches with a timestamp out of tolerance is still refused, and the
 * verdict says both.
 */
import { formatDuration } from "../duration.js";
import type { Diagnosis, VerifyResult } from "./types.js";

/** The tolerance when none is given: five minutes either way. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * What is wrong with `seconds` (the header's value, Unix seconds) at `nowMs`, if anything.
 * `toleranceSeconds` null means no limit (a recorded message); undefined means the default.
 */
export function timestampProblem(header: string, seconds: number, nowMs: number, toleranceSeconds: number | null | undefined): Diagnosis | undefined {
  const tolerance = toleranceSeconds === undefined ? DEFAULT_TOLERANCE_SECONDS : toleranceSeconds;
  if (tolerance === null) return undefined;
  const skewMs = nowMs - seconds * 1000;
  if (Math.abs(skewMs) <= tolerance * 1000) return undefined;
  return {
    code: "timestamp-out-of-tolerance",
    message: `${header} is ${formatDuration(Math.abs(skewMs))} ${skewMs > 0 ? "in the past" : "in the future"}, outside the tolerance of ${formatDuration(tolerance * 1000)} (--tolerance to widen, or off)`,
  };
}

/** The signature's verdict with the timestamp's problem added: a valid signature becomes invalid. */
export function withTimestamp(result: VerifyResult, problem: Diagnosis | undefined): VerifyResult {
  if (!problem) return result;
  if (result.valid) {
    const d = { ...problem, message: `${problem.message}; the signature itself matches secret ${result.matchedSecret! + 1}` };
    return { ...result, verdict: "invalid", valid: false, reason: d.code, message: d.message, diagnoses: [d] };
  }
  return { ...result, diagnoses: [...result.diagnoses, problem] };
}
