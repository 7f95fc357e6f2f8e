import { Chalk } from "chalk";
import { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { clockTime, duplicateWarning, formatEvent, futureWarning, lateWarning, renderEvent, type EventView } from "../../src/io/render.js";
import { Output } from "../../src/io/output.js";

const plain = new Chalk({ level: 0 });
const AT = Date.UTC(2026, 10, 24, 14, 3, 7, 412);

beforeAll(() => {
  process.env.TZ = "UTC";
});

const webhook: EventView = {
  receivedAt: AT,
  source: "webhook",
  provider: "zubie",
  event: "trip_end",
  verdict: "valid",
  status: 200,
  who: "HO787189 (VIN 5FNRL38249B044393)",
  summary: "14.4 mi in 35m 35s · fuel $2.54",
  warnings: ["late by 2h 5m (event time 2026-11-24T11:58:07.000Z)"],
  body: { event: "trip_end", trip: { distance: 14.4 } },
};

describe("formatEvent", () => {
  it("prints a header line, the summary and the warnings", () => {
    expect(formatEvent(webhook, plain)).toBe(
      [
        "14:03:07.412  zubie trip_end  ✔ verified  HO787189 (VIN 5FNRL38249B044393)  → 200",
        "  14.4 mi in 35m 35s · fuel $2.54",
        "  ! late by 2h 5m (event time 2026-11-24T11:58:07.000Z)",
      ].join("\n"),
    );
  });

  it("verbose adds the pretty-printed body", () => {
    expect(formatEvent(webhook, plain, { verbose: true }).split("\n").slice(3)).toEqual([
      "    {",
      '      "event": "trip_end",',
      '      "trip": {',
      '        "distance": 14.4',
      "      }",
      "    }",
    ]);
  });

  it("a refused request: method and path stand in for the event type; errors, then warnings, then notes", () => {
    const text = formatEvent({ receivedAt: AT, method: "GET", path: "/x", status: 405, errors: ["GET is not allowed"], warnings: ["w"], notes: ["n"], rawBody: "abc" }, plain, { verbose: true });
    expect(text).toBe(["14:03:07.412  GET /x  → 405", "  ✖ GET is not allowed", "  ! w", "  → n", "    abc"].join("\n"));
  });

  it("a feed event: no status, no verdict, the id", () => {
    expect(formatEvent({ receivedAt: AT, provider: "automatic", event: "trip:finished", id: "E_1", warnings: [] }, plain)).toBe("14:03:07.412  automatic trip:finished  id E_1");
  });

  it("each verdict reads differently", () => {
    const v = (verdict: EventView["verdict"]) => formatEvent({ receivedAt: AT, event: "e", verdict, warnings: [] }, plain);
    expect(v("invalid")).toContain("✖ bad signature");
    expect(v("unsigned")).toContain("unsigned");
    expect(v("skipped")).toContain("not verified");
  });

  it("colours when the chalk instance does", () => {
    const text = formatEvent({ ...webhook, status: 401, verdict: "invalid" }, new Chalk({ level: 1 }));
    expect(text).toContain("\u001b[31m");
  });

  it("clips a long raw body in verbose mode", () => {
    const text = formatEvent({ receivedAt: AT, warnings: [], rawBody: "x".repeat(2500) }, plain, { verbose: true });
    expect(text).toContain("… (500 more characters)");
  });
});

describe("renderEvent", () => {
  it("writes the block on stdout through Output (redacted)", async () => {
    let stdout = "";
    let stderr = "";
    const sink = (f: (s: string) => void) => ({ write: (c: string) => (f(c), true) }) as unknown as Writable;
    const out = new Output({ stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) }, { json: false, env: {} });
    out.addSecret("sekret-value");
    renderEvent(out, { receivedAt: AT, event: "e", summary: "has sekret-value inside", warnings: [] });
    out.flush();
    expect(stdout).toBe("14:03:07.412  e\n  has [redacted] inside\n");
    expect(stderr).toBe("");
  });
});

describe("wording", () => {
  it("late, future and duplicate warnings", () => {
    expect(lateWarning(7_500_000, Date.UTC(2026, 0, 1))).toBe("late by 2h 5m (event time 2026-01-01T00:00:00.000Z)");
    expect(futureWarning(190_000, Date.UTC(2026, 0, 1))).toMatch(/^event time is 3m 10s in the future \(2026-01-01T00:00:00.000Z\)/);
    expect(duplicateWarning("T", { id: "e1" })).toBe("duplicate of the delivery received at T (event id e1)");
    expect(duplicateWarning("T", { webhookId: "msg_1" })).toBe("duplicate of the delivery received at T (webhook-id msg_1)");
    expect(duplicateWarning("T", {})).toBe("duplicate of the delivery received at T (same body)");
    expect(clockTime(Date.UTC(2026, 0, 1, 1, 2, 3, 4))).toBe("01:02:03.004");
  });
});
