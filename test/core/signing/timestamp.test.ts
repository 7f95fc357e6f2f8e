import { describe, expect, it } from "vitest";
import { DEFAULT_TOLERANCE_SECONDS, timestampProblem, withTimestamp } from "../../../src/core/signing/timestamp.js";
import type { VerifyResult } from "../../../src/core/signing/types.js";

const NOW = 1_800_000_000_000;

describe("timestampProblem", () => {
  it("accepts a time within the tolerance either way, five minutes by default", () => {
    expect(DEFAULT_TOLERANCE_SECONDS).toBe(300);
    expect(timestampProblem("webhook-timestamp", NOW / 1000 - 300, NOW, undefined)).toBeUndefined();
    expect(timestampProblem("webhook-timestamp", NOW / 1000 + 300, NOW, undefined)).toBeUndefined();
  });

  it("names the header, how far off and which way, and the tolerance", () => {
    expect(timestampProblem("X-Samsara-Timestamp", NOW / 1000 - 301, NOW, undefined)).toEqual({
      code: "timestamp-out-of-tolerance",
      message: "X-Samsara-Timestamp is 5m 1s in the past, outside the tolerance of 5m (--tolerance to widen, or off)",
    });
    expect(timestampProblem("webhook-timestamp", NOW / 1000 + 90, NOW, 60)?.message).toBe("webhook-timestamp is 1m 30s in the future, outside the tolerance of 1m (--tolerance to widen, or off)");
  });

  it("has no limit when the tolerance is off (null)", () => {
    expect(timestampProblem("webhook-timestamp", 0, NOW, null)).toBeUndefined();
  });
});

describe("withTimestamp", () => {
  const valid: VerifyResult = { provider: "samsara", verdict: "valid", valid: true, matchedSecret: 1, message: "matches secret 2 of 2", diagnoses: [] };
  const problem = { code: "timestamp-out-of-tolerance" as const, message: "X-Samsara-Timestamp is 1h in the past" };

  it("leaves a result alone when the time is fine", () => {
    expect(withTimestamp(valid, undefined)).toBe(valid);
  });

  it("turns a matching signature with a bad time into a refusal that says the signature matched", () => {
    const r = withTimestamp(valid, problem);
    expect(r.valid).toBe(false);
    expect(r.reason).toBe("timestamp-out-of-tolerance");
    expect(r.message).toBe("X-Samsara-Timestamp is 1h in the past; the signature itself matches secret 2");
  });

  it("adds the time's problem to a signature that failed anyway", () => {
    const failed: VerifyResult = { provider: "samsara", verdict: "invalid", valid: false, reason: "mismatch", message: "no match", diagnoses: [{ code: "mismatch", message: "no match" }] };
    expect(withTimestamp(failed, problem).diagnoses.map((d) => d.code)).toEqual(["mismatch", "timestamp-out-of-tolerance"]);
  });
});
