/**
 * `send` at its edges, each case found by reviewing the command: a bearer token next to a signing
 * secret, Ctrl-C during a long retry wait, Standard Webhooks retries, and secrets with quotes.
 */
import { createHmac } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { verifyIndependently, startSink } from "../helpers/sink.js";
import { runMain, startProc } from "../helpers/main.js";
import { ROOT } from "../helpers/run-cli.js";

const sinks: Awaited<ReturnType<typeof startSink>>[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});
async function sink(options: Parameters<typeof startSink>[0] = {}) {
  const s = await startSink(options);
  sinks.push(s);
  return s;
}

describe("send: edges", () => {
  it("keeps --token for bearer providers and --secret for signing: neither is sent as the other", async () => {
    const s = await sink({ secret: "zubie-sign-1" });
    const push = await runMain(["send", "--fixture", "events-push/overspeed", "--secret", "zubie-sign-1", "--token", "push-tok-2", "--to", s.url]);
    expect(push.code, push.stderr).toBe(0);
    expect(s.received[0]!.headers.authorization).toBe("Bearer push-tok-2");
    const zubie = await runMain(["send", "--fixture", "zubie/trip_end", "--secret", "zubie-sign-1", "--token", "push-tok-2", "--to", s.url]);
    expect(zubie.code, zubie.stderr).toBe(0);
    expect(s.received[1]!.verified).toBe(true);
    // A token alone does not sign an HMAC provider's events (towards another machine, nothing does).
    const tokenOnly = await runMain(["send", "--fixture", "zubie/trip_end", "--token", "push-tok-2", "--to", "http://hooks.unreachable.invalid/"]);
    expect(tokenOnly.code).toBe(2);
    expect(tokenOnly.stderr).toContain("no Zubie app secret given: use --secret, --secret-env NAME, --secret-file PATH, TELEMATICS_SECRET");
    expect(s.received).toHaveLength(2);
  });

  it("Ctrl-C during a retry wait stops at once with exit 130", async () => {
    const s = await sink({ status: 500 });
    const run = startProc(["send", "--fixture", "automatic/trip_finished", "--to", s.url, "--retry-schedule", "60s,60s"]);
    await run.waitFor(({ stderr }) => stderr.includes("retry 1 in 1m"), 10_000);
    run.kill("SIGINT");
    const { code } = await run.exit();
    expect(code).toBe(130);
    expect(s.received).toHaveLength(1);
    expect(run.stdout()).toContain("not delivered");
  });

  it("signs a Standard Webhooks retry again: same id, a new timestamp, a valid signature", async () => {
    const secret = "whsec_" + Buffer.from("sw-retry-secret").toString("base64");
    const s = await sink({ secret, failFirst: 1 });
    const r = await runMain(["send", "--fixture", "zubie/trip_end", "--provider", "standard-webhooks", "--secret", secret, "--to", s.url, "--retry-schedule", "1100ms"]);
    expect(r.code, r.stderr).toBe(0);
    const [first, second] = s.received;
    expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    expect(Number(second!.headers["webhook-timestamp"])).toBeGreaterThan(Number(first!.headers["webhook-timestamp"]));
    expect(verifyIndependently(second!.headers, second!.body, secret)).toBe(true);
  });

  it("redacts a secret with quotes in --json and in the curl of a dry run", async () => {
    const json = await runMain(["sign", "--provider", "events-push", "--secret", 'tok"en123', "--payload", join(ROOT, "fixtures/events-push/sos.json"), "--json"]);
    expect(json.code).toBe(0);
    expect(json.stdout).toContain('"Authorization":"Bearer [redacted]"');
    expect(json.stdout).not.toContain("en123");
    const curl = await runMain(["send", "--fixture", "events-push/overspeed", "--token", "ab'cdefgh", "--to", "http://127.0.0.1:9/", "--dry-run"]);
    expect(curl.code).toBe(0);
    expect(curl.stdout).toContain("Authorization: Bearer [redacted]");
    expect(curl.stdout + curl.stderr).not.toContain("cdefgh");
  });

  it("--to with user:password@ sends Basic authorization and never shows the password", async () => {
    const s = await sink();
    const url = s.url.replace("http://", "http://bob:hunter22@");
    const r = await runMain(["send", "--fixture", "automatic/trip_finished", "--to", url, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(s.received[0]!.headers.authorization).toBe(`Basic ${Buffer.from("bob:hunter22").toString("base64")}`);
    expect(r.stdout + r.stderr).not.toContain("hunter22");
    expect(JSON.parse(r.stdout.trim()).url).toBe(s.url);
  });
});

describe("verify-signature: edges", () => {
  it("--timestamp is passed on exactly as given, like the header (a leading zero is part of the signed text)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "telematics-verify-edges-"));
    const payload = join(dir, "body.json");
    writeFileSync(payload, '{"type":"trip:finished"}');
    const secret = "whsec_" + Buffer.from("edge-secret-key").toString("base64");
    const ts = `0${Math.floor(Date.now() / 1000)}`;
    const sig = "v1," + createHmac("sha256", Buffer.from("edge-secret-key")).update(`msg_1.${ts}.{"type":"trip:finished"}`).digest("base64");
    const common = ["verify-signature", "--provider", "standard-webhooks", "--secret", secret, "--payload", payload, "--signature", sig, "--id", "msg_1"];
    const viaFlag = await runMain([...common, "--timestamp", ts]);
    const viaHeader = await runMain([...common, "--header", `webhook-timestamp: ${ts}`]);
    expect([viaFlag.code, viaHeader.code]).toEqual([0, 0]);
  });

  it("refuses a whsec_ secret that is not base64 (exit 2), in sign, verify-signature and listen", async () => {
    const bad = "whsec_hello world!";
    for (const args of [
      ["sign", "--provider", "standard-webhooks", "--secret", bad, "--payload", "fixtures/zubie/trip_end.json"],
      ["verify-signature", "--provider", "standard-webhooks", "--secret", bad, "--payload", "fixtures/zubie/trip_end.json", "--signature", "v1,x", "--id", "m", "--timestamp", "1"],
      ["listen", "--port", "0", "--secret", bad],
    ]) {
      const r = await runMain(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toContain("a whsec_ secret must be base64 after the prefix");
      expect(r.stderr).not.toContain("hello world");
    }
  });
});

describe("send: integers beyond 2^53", () => {
  it("warns that a fresh send changes a 64-bit id, and --as-is sends the bytes unchanged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "telematics-bigint-"));
    const file = join(dir, "big.json");
    const text = '{"event":"trip_end","timestamp":"2019-09-27T13:35:35-04:00","car":{"id":"C1"},"trip":{"id":12345678901234567891,"distance":3}}';
    writeFileSync(file, text);
    const s = await sink({ secret: "big-secret" });
    const fresh = await runMain(["send", "--file", file, "--provider", "zubie", "--secret", "big-secret", "--to", s.url]);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stderr).toContain("trip.id is an integer beyond 2^53 that JavaScript reads as 12345678901234567168");
    expect(fresh.stderr).toContain("use --as-is to send the bytes unchanged");
    const exact = await runMain(["send", "--file", file, "--provider", "zubie", "--secret", "big-secret", "--as-is", "--to", s.url]);
    expect(exact.code, exact.stderr).toBe(0);
    expect(exact.stderr).not.toContain("2^53");
    expect(s.received[1]!.body.toString()).toBe(text);
    expect(s.received[1]!.verified).toBe(true);
  });
});
