import { describe, expect, it } from "vitest";
import { nextDelay, policyFor, providerSchedule } from "../../../src/core/send/retry.js";

const MIN = 60_000;
const HOUR = 60 * MIN;

describe("retry schedules come from the provider profiles", () => {
  it("Uber: 30 s doubling, 7 retries; Standard Webhooks: 5 s … 10 h; others exponential with full jitter", () => {
    expect(providerSchedule("uber")).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000]);
    expect(providerSchedule("standard-webhooks")).toEqual([5_000, 5 * MIN, 30 * MIN, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR]);
    for (const other of ["zubie", "events-push", "automatic", "hmac", "nobody"]) expect(providerSchedule(other), other).toBeUndefined();
  });

  it("policyFor: the provider's schedule, an override, or jitter with 5 retries", () => {
    expect(policyFor("uber")).toEqual({ schedule: providerSchedule("uber"), maxRetries: 7, baseMs: 1_000, capMs: 60_000 });
    expect(policyFor("uber", [1, 2])).toEqual({ schedule: [1, 2], maxRetries: 2, baseMs: 1_000, capMs: 60_000 });
    expect(policyFor("zubie")).toEqual({ maxRetries: 5, baseMs: 1_000, capMs: 60_000 });
    const fail = { kind: "response", status: 503 } as const;
    expect(nextDelay(policyFor("standard-webhooks"), 1, fail, 0)).toBe(5 * MIN);
    expect(nextDelay(policyFor("zubie"), 2, fail, 0, () => 0.5)).toBe(2_000);
    expect(nextDelay(policyFor("uber"), 7, fail, 0)).toBeUndefined();
  });

  it("a caller cannot change a profile's schedule through the copy it gets", () => {
    providerSchedule("uber")!.push(1);
    expect(providerSchedule("uber")).toHaveLength(7);
  });
});
