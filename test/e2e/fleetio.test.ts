/**
 * Fleetio end to end, in-process: verify-signature, sign, send (to a receiver that checks
 * X-Fleetio-Webhook-Signature with node:crypto alone, written below), listen (by --provider and
 * auto-detected by the header), validate, fixtures, schemas export.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startListen, type Listener } from "../helpers/listen-server.js";
import { runMain } from "../helpers/main.js";
import { startReceiver } from "../helpers/receiver.js";
import { ROOT } from "../helpers/run-cli.js";

/** A webhook secret key (Fleetio documents no format). */
const KEY = "fl-e2e-7Qm2xV9pK4wN8rT3";
const fixturePath = (name: string) => join(ROOT, "fixtures", "fleetio", `${name}.json`);
const fixtureBytes = (name: string) => readFileSync(fixturePath(name));
const tempDir = () => mkdtempSync(join(tmpdir(), "telematics-fleetio-"));
const lines = (s: string) => s.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, any>);
/** Fleetio's signature, with node:crypto: hex(HMAC-SHA256(key, raw body)). */
const sig = (body: Buffer | string, key = KEY) => createHmac("sha256", key).update(body).digest("hex");

/** Fleetio's check, with node:crypto only: X-Fleetio-Webhook-Signature against the HMAC-SHA256 of the body, in constant time. */
function fleetioVerifies(headers: IncomingHttpHeaders, body: Buffer): boolean {
  const given = Buffer.from(String(headers["x-fleetio-webhook-signature"] ?? ""));
  const want = Buffer.from(sig(body));
  return given.length === want.length && timingSafeEqual(given, want);
}

const listeners: Listener[] = [];
afterEach(() => Promise.all(listeners.splice(0).map((l) => l.stop())));

describe("verify-signature and sign", () => {
  it("verifies a node:crypto signature of the raw bytes; explains base64, SHA-1 and a re-serialized body", async () => {
    const cwd = tempDir();
    const bytes = fixtureBytes("issue_created");
    const base = ["verify-signature", "--provider", "fleetio", "--secret", KEY, "--payload", fixturePath("issue_created")];
    const ok = await runMain([...base, "--header", `X-Fleetio-Webhook-Signature: ${sig(bytes)}`], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain("✓ valid fleetio: X-Fleetio-Webhook-Signature matches secret 1 of 1");

    const b64 = await runMain([...base, "--signature", createHmac("sha256", KEY).update(bytes).digest("base64")], { cwd });
    expect(b64.code).toBe(1);
    expect(b64.stderr).toContain("✗ invalid fleetio: X-Fleetio-Webhook-Signature is base64 but fleetio signatures are hex");
    const sha1 = await runMain([...base, "--json", "--signature", createHmac("sha1", KEY).update(bytes).digest("hex")], { cwd });
    expect(JSON.parse(sha1.stdout)).toMatchObject({ reason: "wrong-algorithm", message: expect.stringContaining("it matches with HMAC-SHA1") });
    const compact = JSON.stringify(JSON.parse(bytes.toString("utf8")));
    const re = await runMain([...base, "--json", "--signature", sig(compact)], { cwd });
    expect(JSON.parse(re.stdout)).toMatchObject({ reason: "body-modified", message: expect.stringContaining("JSON.stringify(JSON.parse(body))") });
    expect(ok.stderr + b64.stderr + sha1.stdout + re.stdout).not.toContain(KEY);
  });

  it("sign prints the header node:crypto computes", async () => {
    const r = await runMain(["sign", "--provider", "fleetio", "--secret", KEY, "--payload", fixturePath("work_order_completed")], { cwd: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Content-Type: application/json\nX-Fleetio-Webhook-Signature: ${sig(fixtureBytes("work_order_completed"))}\n`);
  });
});

describe("send", () => {
  it("sends fresh events the receiver verifies: a new integer delivery id each, timestamp now, the record kept", async () => {
    const rx = await startReceiver(fleetioVerifies, "/fleetio");
    const before = Date.now();
    const r = await runMain(["send", "--fixture", "fleetio/fuel_entry_created", "--count", "3", "--secret", KEY, "--to", rx.url, "--json"], { cwd: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout).filter((x) => x.delivered)).toHaveLength(3);
    expect(rx.got.map((g) => g.verified)).toEqual([true, true, true]);
    const original = JSON.parse(fixtureBytes("fuel_entry_created").toString("utf8"));
    const bodies = rx.got.map((g) => JSON.parse(g.body.toString("utf8")) as { id: number; timestamp: string; event: string; payload: { id: number } });
    expect(new Set(bodies.map((b) => b.id)).size).toBe(3);
    for (const b of bodies) {
      expect(Number.isInteger(b.id) && b.id !== original.id).toBe(true);
      expect(b.event).toBe("fuel_entry_created");
      expect(b.payload.id).toBe(original.payload.id);
      expect(b.timestamp).toMatch(/-05:00$/);
      expect(Math.abs(Date.parse(b.timestamp) - before)).toBeLessThan(10_000);
    }
  });

  it("a wrong key is refused by the receiver: 401, not delivered", async () => {
    const rx = await startReceiver(fleetioVerifies, "/fleetio");
    const r = await runMain(["send", "--fixture", "fleetio/issue_created", "--secret", "not-the-key", "--to", rx.url, "--json"], { cwd: tempDir() });
    expect(r.code).not.toBe(0);
    expect(lines(r.stdout)[0]).toMatchObject({ delivered: false, status: 401 });
    expect(rx.got[0]!.verified).toBe(false);
  });
});

describe("listen", () => {
  it("--provider fleetio verifies a signed event and refuses a bad one with 401, saying why", async () => {
    const l = await startListen(["--provider", "fleetio", "--secret", KEY]);
    listeners.push(l);
    const body = fixtureBytes("issue_created");
    const post = (headers: Record<string, string>) => fetch(`${l.origin}/`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    expect((await post({ "x-fleetio-webhook-signature": sig(body) })).status).toBe(200);
    const bad = await post({ "x-fleetio-webhook-signature": sig(body, "another-key") });
    expect(bad.status).toBe(401);
    const b64 = await post({ "x-fleetio-webhook-signature": createHmac("sha256", KEY).update(body).digest("base64") });
    expect(b64.status).toBe(401);
    expect(((await b64.json()) as { message: string }).message).toContain("is base64 but fleetio signatures are hex");
    const none = await post({});
    expect(none.status).toBe(401);
    expect(((await none.json()) as { message: string }).message).toContain("no X-Fleetio-Webhook-Signature header");

    await l.run.waitFor(({ stdout }) => (stdout.match(/fleetio issue_created/g) ?? []).length >= 4);
    const out = l.run.stdout();
    expect(out).toMatch(/fleetio issue_created {2}✔ verified {2}Van 117, vehicle 2208137 {2}id 90417356 {2}→ 200\n {2}issue #1047 opened: Engine coolant over temperature \(P0217\), priority high · by Dana Whitfield/);
    const records = lines(readFileSync(l.logPath, "utf8"));
    expect(records.map((x) => [x.provider, x.status, x.verification?.verdict])).toEqual([
      ["fleetio", 200, "valid"],
      ["fleetio", 401, "invalid"],
      ["fleetio", 401, "invalid"],
      ["fleetio", 401, "invalid"],
    ]);
    expect(JSON.stringify(records) + out + l.run.stderr()).not.toContain(KEY);
  });

  it("auto-detects Fleetio by its header and receives the fleetio-repair scenario sent by send", async () => {
    const l = await startListen(["--secret", KEY, "--late-after", "12h"]);
    listeners.push(l);
    const r = await runMain(["send", "--scenario", "fleetio-repair", "--secret", KEY, "--to", `${l.origin}/`, "--json"], { cwd: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toHaveLength(5);
    await l.run.waitFor(({ stdout }) => (stdout.match(/Van 117/g) ?? []).length >= 5);
    const records = lines(readFileSync(l.logPath, "utf8"));
    expect(records.map((x) => x.event)).toEqual(["dtc_alert_created", "issue_created", "work_order_created", "work_order_completed", "issue_resolved"]);
    for (const rec of records) expect(rec).toMatchObject({ provider: "fleetio", status: 200, verification: { verdict: "valid" }, validation: { valid: true, errors: [] } });
    const bad = await fetch(`${l.origin}/`, { method: "POST", headers: { "content-type": "application/json", "x-fleetio-webhook-signature": sig("{}") }, body: fixtureBytes("dtc_alert_created") });
    expect(bad.status).toBe(401);
  });
});

describe("validate, fixtures, schemas export", () => {
  it("validates the bundled fixtures, strict, and refuses a work order whose total does not add up", async () => {
    const cwd = tempDir();
    const r = await runMain(["validate", "--strict", join(ROOT, "fixtures", "fleetio")], { cwd });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const wo = JSON.parse(fixtureBytes("work_order_completed").toString("utf8"));
    wo.payload.total_amount = 300;
    const file = join(cwd, "wo.json");
    (await import("node:fs")).writeFileSync(file, JSON.stringify(wo));
    const bad = await runMain(["validate", file], { cwd });
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toContain("total_amount 300 is not labor_subtotal + parts_subtotal + tax_total (330.58)");
  });

  it("lists the fixtures and exports one schema per catalogued event", async () => {
    const f = await runMain(["fixtures", "--provider", "fleetio", "--json"], { cwd: tempDir() });
    expect(f.code, f.stderr).toBe(0);
    expect(lines(f.stdout).map((x) => x.event).sort()).toEqual(["dtc_alert_created", "fuel_entry_created", "issue_created", "issue_resolved", "vehicle_updated", "work_order_completed", "work_order_created"]);
    const out = join(tempDir(), "schemas");
    const s = await runMain(["schemas", "export", "--provider", "fleetio", "--out", out], { cwd: tempDir() });
    expect(s.code, s.stderr).toBe(0);
    expect(readdirSync(join(out, "fleetio"))).toHaveLength(12);
    const schema = JSON.parse(readFileSync(join(out, "fleetio", "work_order_completed.json"), "utf8"));
    expect(schema).toMatchObject({ title: "fleetio/work_order_completed", type: "object" });
  });
});
