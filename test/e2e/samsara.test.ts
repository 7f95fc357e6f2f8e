/**
 * Samsara end to end, in-process: verify-signature, sign, send (to a receiver that checks the v1
 * signature with node:crypto alone, written below), listen (auto-detected by X-Samsara-Signature),
 * validate, fixtures, schemas export.
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

/** A secret as Samsara's dashboard shows it: base64. */
const SECRET = Buffer.from("samsara-e2e-secret-7f3c9a").toString("base64");
const fixturePath = (name: string) => join(ROOT, "fixtures", "samsara", `${name}.json`);
const fixtureBytes = (name: string) => readFileSync(fixturePath(name));
const tempDir = () => mkdtempSync(join(tmpdir(), "telematics-samsara-"));
const lines = (s: string) => s.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, any>);
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Samsara's v1 signature, with node:crypto: HMAC-SHA256(base64-decoded secret, "v1:<ts>:<body>"), hex. */
function v1(ts: number | string, body: Buffer, key: Buffer = Buffer.from(SECRET, "base64")): string {
  return "v1=" + createHmac("sha256", key).update(Buffer.concat([Buffer.from(`v1:${ts}:`), body])).digest("hex");
}

/** Samsara's check, with node:crypto only: the v1 signature in constant time, within the 5-minute tolerance. */
function samsaraVerifies(headers: IncomingHttpHeaders, body: Buffer): boolean {
  const ts = String(headers["x-samsara-timestamp"] ?? "");
  const sig = Buffer.from(String(headers["x-samsara-signature"] ?? ""));
  const want = Buffer.from(v1(ts, body));
  return sig.length === want.length && timingSafeEqual(sig, want) && Math.abs(Date.now() / 1000 - Number(ts)) < 300;
}

const listeners: Listener[] = [];
afterEach(() => Promise.all(listeners.splice(0).map((l) => l.stop())));

describe("verify-signature and sign", () => {
  it("verifies a node:crypto signature; says when the timestamp is old and when the key was taken literally", async () => {
    const cwd = tempDir();
    const bytes = fixtureBytes("geofence_entry");
    const ts = nowSeconds();
    const base = ["verify-signature", "--provider", "samsara", "--secret", SECRET, "--payload", fixturePath("geofence_entry")];
    const ok = await runMain([...base, "--header", `X-Samsara-Signature: ${v1(ts, bytes)}`, "--header", `X-Samsara-Timestamp: ${ts}`], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain("✓ valid samsara: X-Samsara-Signature matches secret 1 of 1");

    const old = ts - 3 * 3600;
    const stale = await runMain([...base, "--json", "--header", `X-Samsara-Signature: ${v1(old, bytes)}`, "--header", `X-Samsara-Timestamp: ${old}`], { cwd });
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stdout)).toMatchObject({ reason: "timestamp-out-of-tolerance", message: expect.stringMatching(/^X-Samsara-Timestamp is 3h( \d+s)? in the past, outside the tolerance of 5m .*the signature itself matches secret 1$/) });
    const off = await runMain([...base, "--tolerance", "off", "--header", `X-Samsara-Signature: ${v1(old, bytes)}`, "--header", `X-Samsara-Timestamp: ${old}`], { cwd });
    expect(off.code, off.stderr).toBe(0);

    const literal = await runMain([...base, "--header", `X-Samsara-Signature: ${v1(ts, bytes, Buffer.from(SECRET, "utf8"))}`, "--header", `X-Samsara-Timestamp: ${ts}`], { cwd });
    expect(literal.code).toBe(1);
    expect(literal.stderr).toContain("✗ invalid samsara: signature matches the secret used as literal text instead of base64-decoded");
    expect(ok.stderr + stale.stdout + literal.stderr).not.toContain(SECRET);
  });

  it("says which header is missing", async () => {
    const bytes = fixtureBytes("engine_fault_on");
    const r = await runMain(["verify-signature", "--provider", "samsara", "--secret", SECRET, "--payload", fixturePath("engine_fault_on"), "--signature", v1(nowSeconds(), bytes)], { cwd: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("✗ invalid samsara: no X-Samsara-Timestamp header: Samsara signs \"v1:<timestamp>:<body>\"");
  });

  it("sign prints the headers Samsara sends, which node:crypto verifies", async () => {
    const r = await runMain(["sign", "--json", "--provider", "samsara", "--secret", SECRET, "--payload", fixturePath("alert_incident")], { cwd: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    const { headers } = JSON.parse(r.stdout) as { headers: Record<string, string> };
    expect(Math.abs(Number(headers["X-Samsara-Timestamp"]) - Date.now() / 1000)).toBeLessThan(120);
    expect(headers["X-Samsara-Signature"]).toBe(v1(headers["X-Samsara-Timestamp"]!, fixtureBytes("alert_incident")));
    expect(headers["X-Samsara-Event-Type"]).toBe("AlertIncident");
    expect(headers["X-Samsara-Request"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("verify-signature --timestamp and --id", () => {
  it("put the timestamp and the request id in Samsara's own headers", async () => {
    // The golden vector of samsarahq/samsara-dotnet WebhooksHelperTests, recomputed here with node:crypto.
    const dir = mkdtempSync(join(tmpdir(), "telematics-samsara-ts-"));
    const body = join(dir, "body.txt");
    (await import("node:fs")).writeFileSync(body, "test-body");
    const sig = "v1=" + createHmac("sha256", Buffer.from("dGVzdC1zZWNyZXQ=", "base64")).update("v1:1700000000:test-body").digest("hex");
    const ok = await runMain(["verify-signature", "--provider", "samsara", "--secret", "dGVzdC1zZWNyZXQ=", "--signature", sig, "--timestamp", "1700000000", "--id", "req-1", "--tolerance", "off", "--payload", body], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    const stale = await runMain(["verify-signature", "--provider", "samsara", "--secret", "dGVzdC1zZWNyZXQ=", "--signature", sig, "--timestamp", "1700000000", "--payload", body], { cwd: dir });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/outside the tolerance/);
    const none = await runMain(["verify-signature", "--provider", "zubie", "--secret", "s", "--signature", "x", "--timestamp", "1", "--payload", body], { cwd: dir });
    expect(none).toMatchObject({ code: 2, stderr: "error: --timestamp: zubie signs no timestamp\n" });
  });
});

describe("send", () => {
  it("sends fresh events the receiver verifies: a new eventId, eventTime now, a request id each", async () => {
    const rx = await startReceiver(samsaraVerifies, "/samsara");
    const before = Date.now();
    const r = await runMain(["send", "--fixture", "samsara/engine_fault_on", "--count", "3", "--secret", SECRET, "--to", rx.url, "--json"], { cwd: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout).filter((x) => x.delivered)).toHaveLength(3);
    expect(rx.got.map((g) => g.verified)).toEqual([true, true, true]);
    const bodies = rx.got.map((g) => JSON.parse(g.body.toString("utf8")) as { eventId: string; eventTime: string; eventType: string });
    expect(new Set(bodies.map((b) => b.eventId)).size).toBe(3);
    expect(bodies.map((b) => b.eventId)).not.toContain(JSON.parse(fixtureBytes("engine_fault_on").toString("utf8")).eventId);
    for (const b of bodies) expect(Math.abs(Date.parse(b.eventTime) - before)).toBeLessThan(10_000);
    expect(new Set(rx.got.map((g) => g.headers["x-samsara-request"])).size).toBe(3);
    expect(rx.got.map((g) => g.headers["x-samsara-event-type"])).toEqual(["EngineFaultOn", "EngineFaultOn", "EngineFaultOn"]);
  });
});

describe("listen", () => {
  it("auto-detects Samsara by its headers, verifies, and explains refusals", async () => {
    const l = await startListen(["--secret", SECRET]);
    listeners.push(l);
    const body = fixtureBytes("geofence_exit");
    const post = (headers: Record<string, string>) => fetch(`${l.origin}/`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    const ts = nowSeconds();
    const good = await post({ "x-samsara-signature": v1(ts, body), "x-samsara-timestamp": String(ts) });
    expect(good.status).toBe(200);
    const literal = await post({ "x-samsara-signature": v1(ts, body, Buffer.from(SECRET, "utf8")), "x-samsara-timestamp": String(ts) });
    expect(literal.status).toBe(401);
    expect(((await literal.json()) as { message: string }).message).toContain("literal text instead of base64-decoded");
    const noTs = await post({ "x-samsara-signature": v1(ts, body) });
    expect(noTs.status).toBe(401);
    expect(((await noTs.json()) as { message: string }).message).toContain("no X-Samsara-Timestamp header");

    await l.run.waitFor(({ stdout }) => (stdout.match(/samsara GeofenceExit/g) ?? []).length >= 3);
    const out = l.run.stdout();
    expect(out).toMatch(/samsara GeofenceExit {2}✔ verified {2}Truck 214 \(VIN 3AKJHHDR5NSMK8412\) {2}id fbdcf7c6-94f5-4218-9669-1b93af7f17c7 {2}→ 200\n {2}left "Wheeling depot" \(1400 S Wolf Rd, Wheeling, IL 60090\)/);
    const records = lines(readFileSync(l.logPath, "utf8"));
    expect(records.map((x) => [x.provider, x.status, x.verification?.verdict])).toEqual([
      ["samsara", 200, "valid"],
      ["samsara", 401, "invalid"],
      ["samsara", 401, "invalid"],
    ]);
    expect(JSON.stringify(records) + out + l.run.stderr()).not.toContain(SECRET);
  });

  it("receives the samsara-route scenario sent by send: verified, valid, one truck", async () => {
    const l = await startListen(["--secret", SECRET, "--late-after", "2h"]);
    listeners.push(l);
    const r = await runMain(["send", "--scenario", "samsara-route", "--secret", SECRET, "--to", `${l.origin}/`, "--json"], { cwd: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toHaveLength(6);
    await l.run.waitFor(({ stdout }) => (stdout.match(/Truck 214/g) ?? []).length >= 6);
    const records = lines(readFileSync(l.logPath, "utf8"));
    expect(records.map((x) => x.event)).toEqual(["GeofenceExit", "SevereSpeedingStarted", "SevereSpeedingEnded", "EngineFaultOn", "EngineFaultOff", "GeofenceEntry"]);
    for (const rec of records) expect(rec).toMatchObject({ provider: "samsara", status: 200, verification: { verdict: "valid" }, validation: { valid: true, errors: [] } });
  });
});

describe("validate, fixtures, schemas export", () => {
  it("validates the bundled fixtures", async () => {
    const r = await runMain(["validate", join(ROOT, "fixtures", "samsara")], { cwd: tempDir() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it("lists the fixtures and exports one schema per catalogued event", async () => {
    const f = await runMain(["fixtures", "--provider", "samsara", "--json"], { cwd: tempDir() });
    expect(f.code, f.stderr).toBe(0);
    expect(lines(f.stdout).map((x) => x.event).sort()).toEqual(["AlertIncident", "EngineFaultOff", "EngineFaultOn", "GeofenceEntry", "GeofenceExit", "SevereSpeedingEnded", "SevereSpeedingStarted", "VehicleUpdated"]);
    const out = join(tempDir(), "schemas");
    const s = await runMain(["schemas", "export", "--provider", "samsara", "--out", out], { cwd: tempDir() });
    expect(s.code, s.stderr).toBe(0);
    expect(readdirSync(join(out, "samsara"))).toHaveLength(16);
    const schema = JSON.parse(readFileSync(join(out, "samsara", "GeofenceEntry.json"), "utf8"));
    expect(schema).toMatchObject({ title: "samsara/GeofenceEntry", type: "object" });
  });
});
