/**
 * `send` against independent receivers (test/helpers/sink.ts verifies signatures with node:crypto
 * alone), with retries, dropped connections, timeouts, edits, logs and scenarios.
 */
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSink } from "../helpers/sink.js";
import { ndjson } from "../helpers/spawn-cli.js";
import { runMain } from "../helpers/main.js";

const sinks: Awaited<ReturnType<typeof startSink>>[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});
async function sink(options: Parameters<typeof startSink>[0] = {}) {
  const s = await startSink(options);
  sinks.push(s);
  return s;
}
const dir = mkdtempSync(join(tmpdir(), "telematics-send-"));

describe("send signs every provider's way", () => {
  it.each([
    ["zubie", "trip_end", "zubie-app-secret"],
    ["uber", "driver_ontrip", "uber-client-secret"],
    ["events-push", "overspeed", "push-token-1"],
    ["standard-webhooks", "trip_end", "whsec_" + Buffer.from("standard-webhooks-secret").toString("base64")],
  ])("%s (%s): the receiver's own check passes", async (provider, fixture, secret) => {
    const s = await sink({ secret });
    const args = ["send", "--fixture", fixture, "--to", s.url, "--secret", secret];
    if (provider === "standard-webhooks") args.push("--provider", "standard-webhooks");
    const r = await runMain(args);
    expect(r.code, r.stderr).toBe(0);
    expect(s.received).toHaveLength(1);
    expect(s.received[0]!.verified).toBe(true);
    expect(r.stdout).toMatch(/^200 {2}\d+ms {2}\S+ .*delivered/);
    expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it("sends Automatic events unsigned", async () => {
    const s = await sink();
    const r = await runMain(["send", "--fixture", "trip:finished", "--to", s.url]);
    expect(r.code).toBe(0);
    expect(s.received[0]!.headers["content-type"]).toBe("application/json");
  });
});

describe("fresh events", () => {
  it("gives each send new ids and a current time, keeping the offset format", async () => {
    const s = await sink({ secret: "x-secret" });
    await runMain(["send", "--fixture", "driver_online", "--to", s.url, "--secret", "x-secret", "--count", "2"]);
    const [a, b] = s.received.map((r) => r.json!);
    expect(a!.event_id).not.toBe(b!.event_id);
    expect(a!.event_id).not.toBe("b1c6f3a2-5e0d-4c1b-9a7e-2f4d8e6a1c01");
    expect(Math.abs((a!.event_time as number) - Date.now())).toBeLessThan(60_000);
    expect((a!.webhook_meta as { webhook_msg_timestamp: number }).webhook_msg_timestamp).toBeGreaterThan(Date.now() / 1000 - 60);
    const z = await sink({ secret: "x-secret" });
    await runMain(["send", "--fixture", "trip_end", "--to", z.url, "--secret", "x-secret"]);
    expect(z.received[0]!.json!.timestamp).toMatch(/-04:00$/);
    expect(Math.abs(Date.parse(z.received[0]!.json!.timestamp as string) - Date.now())).toBeLessThan(60_000);
  });

  it("--as-is sends the fixture's bytes unchanged", async () => {
    const s = await sink({ secret: "x-secret" });
    await runMain(["send", "--fixture", "zubie/trip_end", "--as-is", "--to", s.url, "--secret", "x-secret"]);
    const { readFileSync } = await import("node:fs");
    const { ROOT } = await import("../helpers/run-cli.js");
    expect(s.received[0]!.body.equals(readFileSync(join(ROOT, "fixtures/zubie/trip_end.json")))).toBe(true);
    expect(s.received[0]!.verified).toBe(true);
  });

  it("--set and --unset edit the payload before signing", async () => {
    const s = await sink({ secret: "x-secret" });
    const r = await runMain(["send", "--fixture", "trip_end", "--set", "trip.distance=12.5", "--set", "car.nickname=Van 7", "--set", "tags[1]=\"b\"", "--unset", "account_key", "--to", s.url, "--secret", "x-secret"]);
    expect(r.code).toBe(0);
    const p = s.received[0]!.json!;
    expect((p.trip as { distance: number }).distance).toBe(12.5);
    expect((p.car as { nickname: string }).nickname).toBe("Van 7");
    expect(p.tags).toEqual([null, "b"]);
    expect(p).not.toHaveProperty("account_key");
    expect(s.received[0]!.verified).toBe(true);
  });
});

describe("retries", () => {
  it("retries 5xx on the given schedule with the same event id until delivered", async () => {
    const s = await sink({ secret: "x-secret", failFirst: 2 });
    const r = await runMain(["send", "--fixture", "driver_enroute", "--to", s.url, "--secret", "x-secret", "--count", "3", "--retry-schedule", "100ms,200ms,300ms", "--json"]);
    expect(r.code).toBe(0);
    const results = ndjson<{ attempts: number; delivered: boolean; event_id: string }>(r.stdout);
    expect(results.map((x) => [x.attempts, x.delivered])).toEqual([[3, true], [3, true], [3, true]]);
    for (const res of results) {
      const attempts = s.received.filter((x) => x.json!.event_id === res.event_id);
      expect(attempts).toHaveLength(3);
      expect(new Set(attempts.map((a) => a.headers["x-uber-signature"])).size).toBe(1);
      expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(95);
      expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(195);
    }
  });

  it("retries dropped connections too, keeping the Standard Webhooks id", async () => {
    const secret = "whsec_" + Buffer.from("retry-secret").toString("base64");
    const s = await sink({ secret, dropFirst: 1 });
    const r = await runMain(["send", "--fixture", "trip_start", "--provider", "standard-webhooks", "--to", s.url, "--secret", secret, "--retry-schedule", "50ms"]);
    expect(r.code, r.stderr).toBe(0);
    expect(s.received).toHaveLength(2);
    expect(s.received[0]!.headers["webhook-id"]).toBe(s.received[1]!.headers["webhook-id"]);
    expect(r.stderr).toMatch(/retry 1 in 50ms/);
  });

  it("does not retry a 4xx, and exits 1", async () => {
    const s = await sink({ status: 401 });
    const r = await runMain(["send", "--fixture", "overspeed", "--to", s.url, "--retry-schedule", "10ms"]);
    expect(r.code).toBe(1);
    expect(s.received).toHaveLength(1);
    expect(r.stderr).toContain("1 of 1 event was not delivered");
  });

  it("gives up after the schedule, with exit 1", async () => {
    const s = await sink({ failFirst: 10 });
    const r = await runMain(["send", "--fixture", "overspeed", "--to", s.url, "--retry-schedule", "10ms,10ms"]);
    expect(r.code).toBe(1);
    expect(s.received).toHaveLength(3);
  });
});

describe("failures end in exit 1 with a one-line error", () => {
  it("unreachable URL", async () => {
    const s = await sink();
    const url = s.url;
    await s.close();
    sinks.length = 0;
    const r = await runMain(["send", "--fixture", "overspeed", "--to", url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/connection refused to 127\.0\.0\.1:\d+/);
  });

  it("timeout", async () => {
    const s = await sink({ delayMs: 2_000 });
    const r = await runMain(["send", "--fixture", "overspeed", "--to", s.url, "--timeout", "300ms"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("within 0.3s (--timeout)");
  });
});

describe("batches", () => {
  it("--count with --concurrency delivers every event once and summarises", async () => {
    const s = await sink({ secret: "x-secret" });
    const r = await runMain(["send", "--fixture", "trip:finished", "--count", "50", "--concurrency", "8", "--to", s.url]);
    expect(r.code).toBe(0);
    expect(s.received).toHaveLength(50);
    expect(new Set(s.received.map((x) => x.json!.id)).size).toBe(50);
    expect(r.stderr).toMatch(/requests.*2xx.*p50.*p99.*req\/s/s);
    expect(r.stdout).toBe("");
  });

  it("counts redirects in their own column, as not delivered (a redirect is not followed)", async () => {
    const s = await sink({ status: 302 });
    const r = await runMain(["send", "--fixture", "overspeed", "--count", "3", "--to", s.url]);
    expect(r.code).toBe(1);
    expect(s.received).toHaveLength(3);
    expect(r.stderr).toMatch(/requests\s*│\s*2xx\s*│\s*3xx\s*│\s*4xx/);
    expect(r.stderr).toMatch(/│\s*3\s*│\s*0\s*│\s*3\s*│\s*0\s*│/);
    expect(r.stderr).toContain("3 of 3 events were not delivered");
  });

  it("--rate spaces requests", async () => {
    const s = await sink();
    const r = await runMain(["send", "--fixture", "overspeed", "--count", "5", "--rate", "20", "--to", s.url]);
    expect(r.code).toBe(0);
    // 5 requests at 20/s start 0, 50, … 200 ms after the first; allow for the first connection set-up.
    expect(s.received[4]!.at - s.received[0]!.at).toBeGreaterThanOrEqual(150);
  });
});

describe("dry run, logs and scenarios", () => {
  it("--dry-run prints a working curl command and sends nothing, secrets redacted", async () => {
    const s = await sink();
    const r = await runMain(["send", "--fixture", "overspeed", "--token", "tok-secret-55", "--to", s.url, "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^curl -sS -X POST 'http:\/\/127\.0\.0\.1:\d+\/hooks' -H 'Content-Type: application\/json' -H 'Authorization: Bearer \[redacted\]'/);
    expect(r.stdout).not.toContain("tok-secret-55");
    expect(s.received).toHaveLength(0);
  });

  it("--from-log replays a captured log, filtered by --events", async () => {
    const log = join(dir, "events.ndjson");
    const now = new Date().toISOString();
    const rec = (event: string, body: object) => JSON.stringify({ v: 1, source: "webhook", received_at: now, body: JSON.stringify(body), body_encoding: "utf8", provider: "zubie", event, status: 200 });
    writeFileSync(log, [rec("trip_start", { event: "trip_start", user_key: "u", timestamp: "2019-09-27T13:00:00-04:00" }), "{not json", rec("trip_end", { event: "trip_end", user_key: "u", timestamp: "2019-09-27T13:35:35-04:00" }), rec("vehicle_fuel_low", { event: "vehicle_fuel_low", user_key: "u" })].join("\n") + "\n");
    const s = await sink({ secret: "x-secret" });
    const r = await runMain(["send", "--from-log", log, "--events", "trip_*", "--to", s.url, "--secret", "x-secret"]);
    expect(r.code, r.stderr).toBe(0);
    expect(s.received.map((x) => x.json!.event)).toEqual(["trip_start", "trip_end"]);
    expect(r.stderr).toMatch(/events\.ndjson:2: skipped/);
  });

  it("lists the scenarios", async () => {
    const r = await runMain(["send", "--list-scenarios", "--json"]);
    expect(ndjson<{ name: string }>(r.stdout).map((x) => x.name)).toEqual(["zubie-trip", "uber-shift", "events-push-run", "automatic-drive", "smartcar-drive", "samsara-route", "traccar-trip", "motive-run", "fleetio-repair"]);
  });

  it.each(["zubie-trip", "uber-shift", "events-push-run", "automatic-drive"])("scenario %s: events validate, one subject, times advance", async (name) => {
    const s = await sink({ secret: "x-secret" });
    const r = await runMain(["send", "--scenario", name, "--to", s.url, "--secret", "x-secret", "--token", "x-secret"]);
    expect(r.code, r.stderr).toBe(0);
    const bodies = s.received.map((x) => x.json!);
    expect(bodies.length).toBeGreaterThanOrEqual(4);
    const file = join(dir, `${name}.ndjson`);
    writeFileSync(file, bodies.map((b) => JSON.stringify(b)).join("\n") + "\n");
    const v = await runMain(["validate", file]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const subject = (b: Record<string, unknown>) => JSON.stringify((b.car as { vin?: string })?.vin ?? (b.vehicle as { vin?: string; id?: string })?.vin ?? (b.vehicle as { id?: string })?.id ?? b.driver_id ?? b.IMEI);
    expect(new Set(bodies.map(subject)).size).toBe(1);
    const time = (b: Record<string, unknown>) => (typeof b.event_time === "number" ? b.event_time : Date.parse(String(b.timestamp ?? b.created_at ?? b.Device_Time).replace(/(\+\d{2})(\d{2})$/, "$1:$2")));
    const times = bodies.map(time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[times.length - 1]!).toBeLessThanOrEqual(Date.now() + 1000);
    expect(new Set(bodies.map((b) => JSON.stringify(b.location ?? b.Coordinates ?? (b.car as { latitude?: number })?.latitude ?? (b.vehicle as { vehicle_location?: unknown })?.vehicle_location))).size).toBeGreaterThan(1);
  });
});

describe("--pace", () => {
  it("600x sends a 20-minute trip in about 2 s, with times that agree inside and across its events", async () => {
    const s = await sink({ secret: "x-secret" });
    const r = await runMain(["send", "--scenario", "zubie-trip", "--pace", "600x", "--to", s.url, "--secret", "x-secret"]);
    expect(r.code, r.stderr).toBe(0);
    const got = s.received;
    expect(got.map((x) => x.json!.event)).toEqual(["trip_start", "vehicle_location_update", "vehicle_location_update", "trip_hard_brake", "vehicle_location_update", "trip_over_speeding", "trip_end"]);
    // The waits are the trip's gaps divided by 600 (20 min → 2 s): a lower bound, not a speed limit.
    expect(got.at(-1)!.at - got[0]!.at).toBeGreaterThanOrEqual(1_900);
    const at = (v: unknown) => Date.parse(String(v));
    const start = got[0]!.json! as { timestamp: string };
    const end = got.at(-1)!.json! as { timestamp: string; trip: { started_timestamp: string; ended_timestamp: string } };
    // The trip_end tells the same trip as the events before it: it started at trip_start.
    expect(end.trip.started_timestamp).toBe(start.timestamp);
    expect(end.trip.ended_timestamp).toBe(end.timestamp);
    expect(at(end.timestamp) - at(start.timestamp)).toBe(2_000);
    // Each event's time is when it was sent (Zubie times are whole seconds).
    for (const x of got) expect(Math.abs(at((x.json as { timestamp: string }).timestamp) - x.at)).toBeLessThan(1_500);
  });
});

describe("usage errors", () => {
  it.each([
    [["send", "--to", "http://127.0.0.1:1/"], /give what to send: --fixture NAME/],
    [["send", "--fixture", "trip_end"], /--to URL is required/],
    [["send", "--fixture", "trip_end", "--to", "ftp://x"], /--to ftp:\/\/x: expected an http:\/\/ or https:\/\/ URL/],
    [["send", "--fixture", "trip_end", "--to", "http://unreachable.invalid/"], /no Zubie app secret given.*a dev secret is only used towards this machine; unreachable\.invalid is not/],
    [["send", "--fixture", "nope_nope", "--to", "http://127.0.0.1:1/"], /nope_nope/],
    [["send", "--fixture", "overspeed", "--to", "http://127.0.0.1:1/", "--set", "novalue"], /--set "novalue": expected path=value/],
    [["send", "--fixture", "overspeed", "--to", "http://127.0.0.1:1/", "--as-is", "--set", "a=1"], /cannot be combined with --set/],
    [["send", "--fixture", "overspeed", "--to", "http://127.0.0.1:1/", "--unset", "nope"], /--unset nope: the payload has no such field/],
    [["send", "--fixture", "overspeed", "--to", "http://127.0.0.1:1/", "--retry-schedule", "soon"], /--retry-schedule soon/],
    [["send", "--scenario", "nope", "--to", "http://127.0.0.1:1/"], /unknown scenario/],
    [["send", "--file", "-", "--to", "http://127.0.0.1:1/"], /--file -: not valid JSON/],
  ])("exits 2 without a TTY: %j", async (args, message) => {
    const r = await runMain(args, { stdin: "{oops" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
