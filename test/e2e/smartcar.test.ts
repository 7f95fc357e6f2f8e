/**
 * Smartcar end to end, in-process: verify-signature, sign, send (to a receiver that checks
 * SC-Signature and answers the VERIFY challenge with node:crypto alone, written below), listen
 * (auto-detected by SC-Signature, answering VERIFY), validate, fixtures, schemas export.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startListen, type Listener } from "../helpers/listen-server.js";
import { runMain } from "../helpers/main.js";
import { startReceiver } from "../helpers/receiver.js";
import { ROOT } from "../helpers/run-cli.js";

const TOKEN = "9d2e6a41-5c7b-4f0e-a8d3-1b6c2e9f7a05";
const fixturePath = (name: string) => join(ROOT, "fixtures", "smartcar", `${name}.json`);
const fixtureBytes = (name: string) => readFileSync(fixturePath(name));
const hmacHex = (key: string, data: string | Buffer) => createHmac("sha256", key).update(data).digest("hex");
const tempDir = () => mkdtempSync(join(tmpdir(), "telematics-smartcar-"));
const lines = (s: string) => s.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, any>);

/** Smartcar's check, with node:crypto only: SC-Signature against the HMAC-SHA256 of the body, in constant time. */
function smartcarVerifies(headers: IncomingHttpHeaders, body: Buffer): boolean {
  const sig = Buffer.from(String(headers["sc-signature"] ?? ""));
  const want = Buffer.from(hmacHex(TOKEN, body));
  return sig.length === want.length && timingSafeEqual(sig, want);
}

type Mode = "right" | "body" | "base64" | "other-key" | "no-field";

/** A Smartcar receiver: a verified VERIFY answered as `mode` says, the rest acknowledged. */
function receiver(mode: Mode = "right") {
  return startReceiver(smartcarVerifies, "/webhooks/smartcar", {
    answer(body) {
      const event = JSON.parse(body.toString("utf8")) as { eventType: string; data: { challenge?: string } };
      if (event.eventType !== "VERIFY") return '{"status":"received"}';
      const c = event.data.challenge!;
      const answers: Record<Mode, unknown> = {
        right: { challenge: hmacHex(TOKEN, c) },
        body: { challenge: hmacHex(TOKEN, body) },
        base64: { challenge: createHmac("sha256", TOKEN).update(c).digest("base64") },
        "other-key": { challenge: hmacHex("the-client-secret", c) },
        "no-field": { hmac: hmacHex("x", c) },
      };
      return JSON.stringify(answers[mode]);
    },
  });
}

const listeners: Listener[] = [];
afterEach(() => Promise.all(listeners.splice(0).map((l) => l.stop())));

describe("verify-signature and sign", () => {
  it("verifies a node:crypto signature of the raw bytes, and explains a re-serialized one", async () => {
    const cwd = tempDir();
    const bytes = fixtureBytes("vehicle_state");
    const ok = await runMain(["verify-signature", "--provider", "smartcar", "--secret", TOKEN, "--payload", fixturePath("vehicle_state"), "--header", `SC-Signature: ${hmacHex(TOKEN, bytes)}`], { cwd });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain("✓ valid smartcar: SC-Signature matches secret 1 of 1");
    const compact = JSON.stringify(JSON.parse(bytes.toString("utf8")));
    const bad = await runMain(["verify-signature", "--json", "--provider", "smartcar", "--secret", TOKEN, "--payload", fixturePath("vehicle_state"), "--signature", hmacHex(TOKEN, compact)], { cwd });
    expect(bad.code).toBe(1);
    const r = JSON.parse(bad.stdout) as { reason: string; message: string };
    expect(r.reason).toBe("body-modified");
    expect(r.message).toContain("Smartcar's Node SDK verifyPayload");
    expect(bad.stdout + bad.stderr).not.toContain(TOKEN);
  });

  it("sign prints the SC-Signature node:crypto computes", async () => {
    const r = await runMain(["sign", "--provider", "smartcar", "--secret", TOKEN, "--payload", fixturePath("vehicle_error")], { cwd: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Content-Type: application/json\nSC-Signature: ${hmacHex(TOKEN, fixtureBytes("vehicle_error"))}\n`);
  });
});

describe("send", () => {
  it("sends a fresh VEHICLE_STATE the receiver verifies: new eventId and deliveryId, delivered now", async () => {
    const rx = await receiver();
    const before = Date.now();
    const r = await runMain(["send", "--fixture", "smartcar/vehicle_state", "--secret", TOKEN, "--to", rx.url, "--json"], { cwd: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)[0]).toMatchObject({ delivered: true, status: 200 });
    expect(rx.got).toHaveLength(1);
    expect(rx.got[0]!.verified).toBe(true);
    const sent = JSON.parse(rx.got[0]!.body.toString("utf8"));
    const original = JSON.parse(fixtureBytes("vehicle_state").toString("utf8"));
    expect(sent.eventId).not.toBe(original.eventId);
    expect(sent.meta.deliveryId).not.toBe(original.meta.deliveryId);
    expect(sent.meta.deliveredAt).toBeGreaterThanOrEqual(before - 1000);
    expect(lines(r.stdout)[0]!.event_id).toBe(sent.eventId);
  });

  it("a receiver that answers VERIFY right is delivered", async () => {
    const rx = await receiver("right");
    const r = await runMain(["send", "--fixture", "smartcar/verify", "--secret", TOKEN, "--to", rx.url], { cwd: tempDir() });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^200 +\d+ms +smartcar\/verify .* delivered/);
  });

  it.each([
    ["body", "an HMAC of the whole request body instead of the challenge: hash only data.challenge"],
    ["base64", "the right HMAC-SHA256, but base64-encoded: Smartcar expects it hex-encoded"],
    ["other-key", "another key"],
    ["no-field", 'without a "challenge" field (fields: hmac)'],
  ] as const)("a receiver that answers VERIFY with %s is not delivered, and says why", async (mode, why) => {
    const rx = await receiver(mode);
    const r = await runMain(["send", "--fixture", "smartcar/verify", "--secret", TOKEN, "--to", rx.url, "--json"], { cwd: tempDir() });
    expect(r.code).not.toBe(0);
    const rec = lines(r.stdout)[0]!;
    expect(rec).toMatchObject({ status: 200, delivered: false });
    expect(rec.error).toContain(why);
    expect(rx.got[0]!.verified).toBe(true);
  });
});

describe("listen", () => {
  it("auto-detects Smartcar by SC-Signature, answers VERIFY with the challenge's HMAC and acknowledges the rest", async () => {
    const l = await startListen(["--secret", TOKEN]);
    listeners.push(l);
    const verify = fixtureBytes("verify");
    const challenge = JSON.parse(verify.toString("utf8")).data.challenge as string;
    const answer = await fetch(`${l.origin}/`, { method: "POST", headers: { "content-type": "application/json", "sc-signature": hmacHex(TOKEN, verify) }, body: verify });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toContain("application/json");
    expect(await answer.json()).toEqual({ challenge: hmacHex(TOKEN, challenge) });

    const state = fixtureBytes("vehicle_state");
    const ack = await fetch(`${l.origin}/`, { method: "POST", headers: { "content-type": "application/json", "sc-signature": hmacHex(TOKEN, state) }, body: state });
    expect(ack.status).toBe(200);
    const bad = await fetch(`${l.origin}/`, { method: "POST", headers: { "content-type": "application/json", "sc-signature": hmacHex("wrong", state) }, body: state });
    expect(bad.status).toBe(401);

    await l.run.waitFor(({ stdout }) => (stdout.match(/smartcar /g) ?? []).length >= 3);
    const out = l.run.stdout();
    expect(out).toMatch(/smartcar VERIFY {2}✔ verified .*→ 200/);
    expect(out).toContain(`answered Smartcar's VERIFY with {"challenge":"${hmacHex(TOKEN, challenge)}"}`);
    expect(out).toMatch(/smartcar VEHICLE_STATE {2}✔ verified {2}2023 TOYOTA RAV4 Prime, vehicle 7ff451e9-ac1e-497a-89db-cece56a656fe .*→ 200/);
    expect(out).toMatch(/smartcar VEHICLE_STATE {2}✖ bad signature .*→ 401/);
    const records = lines(readFileSync(l.logPath, "utf8"));
    expect(records.map((x) => [x.provider, x.event, x.status])).toEqual([
      ["smartcar", "VERIFY", 200],
      ["smartcar", "VEHICLE_STATE", 200],
      ["smartcar", "VEHICLE_STATE", 401],
    ]);
    expect(JSON.stringify(records) + out + l.run.stderr()).not.toContain(TOKEN);
  });

  it("send --fixture smartcar/verify to listen is delivered: listen's answer passes send's check", async () => {
    const l = await startListen(["--provider", "smartcar", "--secret", TOKEN]);
    listeners.push(l);
    const r = await runMain(["send", "--fixture", "smartcar/verify", "--secret", TOKEN, "--to", `${l.origin}/`, "--json"], { cwd: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)[0]).toMatchObject({ delivered: true, status: 200 });
  });

  it("receives the smartcar-drive scenario verified and valid", async () => {
    const l = await startListen(["--secret", TOKEN, "--late-after", "2h"]);
    listeners.push(l);
    const r = await runMain(["send", "--scenario", "smartcar-drive", "--secret", TOKEN, "--to", `${l.origin}/`, "--json"], { cwd: tempDir() });
    expect(r.code, r.stderr).toBe(0);
    const n = lines(r.stdout).length;
    expect(n).toBe(7);
    await l.run.waitFor(({ stdout }) => (stdout.match(/smartcar VEHICLE_/g) ?? []).length >= n);
    const records = lines(readFileSync(l.logPath, "utf8"));
    for (const rec of records) expect(rec).toMatchObject({ provider: "smartcar", status: 200, verification: { verdict: "valid" }, validation: { valid: true, errors: [] } });
    expect(records.some((rec) => rec.late_by_ms !== undefined)).toBe(false);
  });
});

describe("validate, fixtures, schemas export", () => {
  it("validates the bundled fixtures and reports a broken one", async () => {
    const ok = await runMain(["validate", join(ROOT, "fixtures", "smartcar")], { cwd: tempDir() });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const dir = tempDir();
    const broken = JSON.parse(fixtureBytes("vehicle_error").toString("utf8"));
    broken.data.errors[0].state = "BROKEN";
    writeFileSync(join(dir, "bad.json"), JSON.stringify(broken, null, 2));
    const bad = await runMain(["validate", join(dir, "bad.json")], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toContain("data.errors[0].state");
  });

  it("lists the fixtures and exports the schemas", async () => {
    const f = await runMain(["fixtures", "--provider", "smartcar", "--json"], { cwd: tempDir() });
    expect(f.code, f.stderr).toBe(0);
    expect(lines(f.stdout).map((x) => x.id).sort()).toEqual(["smartcar/vehicle_error", "smartcar/vehicle_state", "smartcar/verify"]);
    const out = join(tempDir(), "schemas");
    const s = await runMain(["schemas", "export", "--provider", "smartcar", "--out", out], { cwd: tempDir() });
    expect(s.code, s.stderr).toBe(0);
    expect(readdirSync(join(out, "smartcar")).sort()).toEqual(["VEHICLE_ERROR.json", "VEHICLE_STATE.json", "VERIFY.json"]);
    const schema = JSON.parse(readFileSync(join(out, "smartcar", "VEHICLE_STATE.json"), "utf8"));
    expect(schema.$schema).toContain("2020-12");
    expect(existsSync(join(out, "samsara"))).toBe(false);
  });
});
