/**
 * Motive end to end, in-process: verify-signature (Motive's published vector), sign, send (to a
 * receiver that checks X-KT-Webhook-Signature with node:crypto alone, written below), listen (by
 * --provider and auto-detected by the header), validate, fixtures, schemas export.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startListen, type Listener } from "../helpers/listen-server.js";
import { runMain } from "../helpers/main.js";
import { startReceiver } from "../helpers/receiver.js";
import { ROOT } from "../helpers/run-cli.js";

/** A secret shaped like Motive's (32 hex digits), made up for these tests. */
const SECRET = "7c1e9a4f02b85d36e1a04c7b9f3d2e68";
const fixturePath = (name: string) => join(ROOT, "fixtures", "motive", `${name}.json`);
const fixtureBytes = (name: string) => readFileSync(fixturePath(name));
const tempDir = () => mkdtempSync(join(tmpdir(), "telematics-motive-"));
const lines = (s: string) => s.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, any>);

/** Motive's signature, with node:crypto: the HMAC-SHA1 hex digest of the raw body. */
const sha1 = (body: Buffer, secret = SECRET) => createHmac("sha1", secret).update(body).digest("hex");

/** Motive's check, with node:crypto only: X-KT-Webhook-Signature against the HMAC-SHA1 of the body, in constant time. */
function motiveVerifies(headers: IncomingHttpHeaders, body: Buffer): boolean {
  const sig = Buffer.from(String(headers["x-kt-webhook-signature"] ?? ""));
  const want = Buffer.from(sha1(body));
  return sig.length === want.length && timingSafeEqual(sig, want);
}
/** A Motive receiver; it answers a bad signature 403, as Motive's documents suggest. */
const receiver = () => startReceiver(motiveVerifies, "/motive", { refuse: 403 });

const listeners: Listener[] = [];
afterEach(() => Promise.all(listeners.splice(0).map((l) => l.stop())));

describe("verify-signature and sign", () => {
  it("verifies Motive's published example and a node:crypto signature; names SHA-256 and base64 for what they are", async () => {
    const cwd = tempDir();
    // Motive's webhook overview, "Verifying Authenticity": ["fault_code_closed"] with the secret
    // d9d36bea41c44ae49d1bfc4a48ba2abe → f04a8386a21a6cba0447024e83b3f0983352bb72.
    const doc = join(cwd, "doc.json");
    writeFileSync(doc, '["fault_code_closed"]');
    const published = await runMain(["verify-signature", "--provider", "motive", "--secret", "d9d36bea41c44ae49d1bfc4a48ba2abe", "--signature", "f04a8386a21a6cba0447024e83b3f0983352bb72", "--payload", doc], { cwd });
    expect(published.code, published.stderr).toBe(0);
    expect(published.stderr).toContain("✓ valid motive: X-KT-Webhook-Signature matches secret 1 of 1");

    const bytes = fixtureBytes("fault_code_opened");
    const base = ["verify-signature", "--provider", "motive", "--secret", SECRET, "--payload", fixturePath("fault_code_opened")];
    const ok = await runMain([...base, "--header", `X-KT-Webhook-Signature: ${sha1(bytes)}`], { cwd });
    expect(ok.code, ok.stderr).toBe(0);

    const sha256 = await runMain([...base, "--json", "--signature", createHmac("sha256", SECRET).update(bytes).digest("hex")], { cwd });
    expect(sha256.code).toBe(1);
    expect(JSON.parse(sha256.stdout)).toMatchObject({ reason: "wrong-algorithm", message: expect.stringContaining("it matches with HMAC-SHA256; Motive signs X-KT-Webhook-Signature with HMAC-SHA1") });
    const base64 = await runMain([...base, "--signature", createHmac("sha1", SECRET).update(bytes).digest("base64")], { cwd });
    expect(base64.code).toBe(1);
    expect(base64.stderr).toContain("X-KT-Webhook-Signature is base64 but motive signatures are hex (decoded as base64 it matches");
    expect(ok.stderr + sha256.stdout + base64.stderr).not.toContain(SECRET);
  });

  it("sign prints the header Motive sends, which node:crypto verifies", async () => {
    const r = await runMain(["sign", "--json", "--provider", "motive", "--secret", SECRET, "--payload", fixturePath("speeding_event_created")], { cwd: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    const { headers } = JSON.parse(r.stdout) as { headers: Record<string, string> };
    expect(headers).toEqual({ "Content-Type": "application/json", "X-KT-Webhook-Signature": sha1(fixtureBytes("speeding_event_created")) });
  });
});

describe("send", () => {
  it("sends fresh events the receiver verifies: the action's time moved to now, the records' ids kept", async () => {
    const rx = await receiver();
    const before = Date.now();
    const r = await runMain(["send", "--fixture", "motive/vehicle_location_updated", "--count", "2", "--secret", SECRET, "--to", rx.url, "--json"], { cwd: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout).filter((x) => x.delivered)).toHaveLength(2);
    expect(rx.got.map((g) => g.verified)).toEqual([true, true]);
    const original = JSON.parse(fixtureBytes("vehicle_location_updated").toString("utf8")) as { vehicle: unknown };
    for (const g of rx.got) {
      const b = JSON.parse(g.body.toString("utf8")) as { action: string; located_at: string; vehicle: unknown };
      expect(b.action).toBe("vehicle_location_updated");
      expect(Math.abs(Date.parse(b.located_at) - before)).toBeLessThan(10_000);
      expect(b.vehicle).toEqual(original.vehicle);
    }
  });

  it("a receiver's 403 for a wrong secret is reported as not delivered", async () => {
    const rx = await receiver();
    const r = await runMain(["send", "--fixture", "motive/engine_toggle_event", "--secret", "0000000000000000000000000000dead", "--to", rx.url, "--json"], { cwd: tempDir() });
    expect(r.code).not.toBe(0);
    expect(rx.got.map((g) => g.verified)).toEqual([false]);
    expect(lines(r.stdout)[0]).toMatchObject({ delivered: false, status: 403 });
  });
});

describe("listen", () => {
  it("--provider motive verifies, and refuses a bad signature with 401 and its likely cause", async () => {
    const l = await startListen(["--provider", "motive", "--secret", SECRET]);
    listeners.push(l);
    const body = fixtureBytes("speeding_event_created");
    const post = (headers: Record<string, string>) => fetch(`${l.origin}/`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    const good = await post({ "x-kt-webhook-signature": sha1(body) });
    expect(good.status).toBe(200);
    const sha256 = await post({ "x-kt-webhook-signature": createHmac("sha256", SECRET).update(body).digest("hex") });
    expect(sha256.status).toBe(401);
    expect(((await sha256.json()) as { message: string }).message).toContain("it matches with HMAC-SHA256");
    const wrong = await post({ "x-kt-webhook-signature": sha1(body, "some-other-secret") });
    expect(wrong.status).toBe(401);

    await l.run.waitFor(({ stdout }) => (stdout.match(/motive speeding_event_created/g) ?? []).length >= 3);
    const out = l.run.stdout();
    expect(out).toMatch(/motive speeding_event_created {2}✔ verified {2}vehicle 1187, driver Dana Reyes {2}.*→ 200\n {2}speeding: max 126.4 km\/h, 21.8 km\/h over the limit for 2m 30s/);
    const records = lines(readFileSync(l.logPath, "utf8"));
    expect(records.map((x) => [x.provider, x.status, x.verification?.verdict])).toEqual([
      ["motive", 200, "valid"],
      ["motive", 401, "invalid"],
      ["motive", 401, "invalid"],
    ]);
    expect(JSON.stringify(records) + out + l.run.stderr()).not.toContain(SECRET);
  });

  it("auto-detects Motive by X-KT-Webhook-Signature", async () => {
    const l = await startListen(["--secret", SECRET]);
    listeners.push(l);
    const body = fixtureBytes("vehicle_geofence_event");
    const good = await fetch(`${l.origin}/`, { method: "POST", headers: { "content-type": "application/json", "x-kt-webhook-signature": sha1(body) }, body });
    expect(good.status).toBe(200);
    const bad = await fetch(`${l.origin}/`, { method: "POST", headers: { "content-type": "application/json", "x-kt-webhook-signature": "0".repeat(40) }, body });
    expect(bad.status).toBe(401);
    await l.run.waitFor(({ stdout }) => (stdout.match(/motive vehicle_geofence_event/g) ?? []).length >= 2);
    const records = lines(readFileSync(l.logPath, "utf8"));
    expect(records.map((x) => [x.provider, x.event, x.status])).toEqual([
      ["motive", "vehicle_geofence_event", 200],
      ["motive", "vehicle_geofence_event", 401],
    ]);
  });

  it("receives the motive-run scenario sent by send: verified, valid, one truck", async () => {
    const l = await startListen(["--secret", SECRET, "--late-after", "3h"]);
    listeners.push(l);
    const r = await runMain(["send", "--scenario", "motive-run", "--secret", SECRET, "--to", `${l.origin}/`, "--json"], { cwd: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toHaveLength(12);
    await l.run.waitFor(({ stdout }) => (stdout.match(/vehicle 1187/g) ?? []).length >= 12);
    const records = lines(readFileSync(l.logPath, "utf8"));
    expect(records.map((x) => x.event)).toEqual([
      "user_duty_status_updated",
      "engine_toggle_event",
      "user_duty_status_updated",
      "vehicle_location_updated",
      "vehicle_location_updated",
      "speeding_event_created",
      "vehicle_location_updated",
      "vehicle_location_updated",
      "vehicle_geofence_event",
      "user_duty_status_updated",
      "engine_toggle_event",
      "user_duty_status_updated",
    ]);
    for (const rec of records) expect(rec).toMatchObject({ provider: "motive", status: 200, verification: { verdict: "valid" }, validation: { valid: true, errors: [] } });
  });
});

describe("validate, fixtures, schemas export", () => {
  it("validates the bundled fixtures", async () => {
    const r = await runMain(["validate", "--strict", join(ROOT, "fixtures", "motive")], { cwd: tempDir() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it("lists the fixtures and exports one schema per action", async () => {
    const actions = ["engine_toggle_event", "fault_code_closed", "fault_code_opened", "hos_violation_upserted", "speeding_event_created", "user_duty_status_updated", "vehicle_geofence_event", "vehicle_location_updated"];
    const f = await runMain(["fixtures", "--provider", "motive", "--json"], { cwd: tempDir() });
    expect(f.code, f.stderr).toBe(0);
    expect(lines(f.stdout).map((x) => x.event).sort()).toEqual(actions);
    const out = join(tempDir(), "schemas");
    const s = await runMain(["schemas", "export", "--provider", "motive", "--out", out], { cwd: tempDir() });
    expect(s.code, s.stderr).toBe(0);
    expect(readdirSync(join(out, "motive")).sort()).toEqual(actions.map((a) => `${a}.json`));
    const schema = JSON.parse(readFileSync(join(out, "motive", "vehicle_location_updated.json"), "utf8"));
    expect(schema).toMatchObject({ title: "motive/vehicle_location_updated", type: "object" });
  });
});
