import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { runMain } from "../helpers/main.js";

const dir = mkdtempSync(join(tmpdir(), "telematics-sign-"));
const body = '{"event_type":"REALTIME_DRIVER_STATUS_CHANGE","status":"DRIVER_STATUS_ONLINE"}';
const bodyFile = join(dir, "body.json");
writeFileSync(bodyFile, body);

describe("sign", () => {
  it("prints the headers, one `Name: value` per line, matching openssl", async () => {
    const r = await runMain(["sign", "--provider", "uber", "--secret", "uber-secret-1", "--payload", bodyFile]);
    expect(r.code).toBe(0);
    const expected = execFileSync("openssl", ["dgst", "-sha256", "-hmac", "uber-secret-1", "-hex", "-r", bodyFile]).toString().split(" ")[0];
    expect(r.stdout).toBe(`Content-Type: application/json\nX-Environment: sandbox\nX-Uber-Signature: ${expected}\n`);
  });

  it("reads the payload from stdin when piped", async () => {
    const r = await runMain(["sign", "--provider", "zubie", "--secret", "s3cret-zz"], { stdin: body });
    expect(r.code).toBe(0);
    const expected = execFileSync("openssl", ["dgst", "-sha256", "-hmac", "s3cret-zz", "-binary", bodyFile]).toString("base64");
    expect(r.stdout).toContain(`Zubie-Signature: ${expected}\n`);
  });

  it("generates a Standard Webhooks id and timestamp that the reference package accepts", async () => {
    const secret = "whsec_" + Buffer.from("sign-e2e-secret").toString("base64");
    const r = await runMain(["sign", "--json", "--provider", "standard-webhooks", "--secret", secret, "--payload", bodyFile]);
    expect(r.code).toBe(0);
    const { headers } = JSON.parse(r.stdout) as { headers: Record<string, string> };
    expect(headers["webhook-id"]).toMatch(/^msg_[A-Za-z0-9]{24}$/);
    expect(Math.abs(Number(headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(120);
    expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
  });

  it("uses --id and --timestamp when given", async () => {
    const r = await runMain(["sign", "--json", "--provider", "standard-webhooks", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "--id", "msg_p5jXN8AQM9LWM0D4loKWxJek", "--timestamp", "1614265330"], { stdin: '{"test": 2432232314}' });
    expect(JSON.parse(r.stdout).headers["webhook-signature"]).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("does not print a bearer token, and says how to send it", async () => {
    const r = await runMain(["sign", "--provider", "events-push", "--secret", "bearer-token-xyz", "--payload", bodyFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Authorization: Bearer [redacted]");
    expect(r.stdout + r.stderr).not.toContain("bearer-token-xyz");
    expect(r.stderr).toContain("the bearer token is the secret itself");
  });

  it("signs with the project's dev secret when none is given; exits 2 for a whpk_ public key that cannot sign", async () => {
    const project = mkdtempSync(join(tmpdir(), "telematics-sign-dev-"));
    const none = await runMain(["sign", "--provider", "zubie", "--payload", bodyFile], { cwd: project });
    expect(none.code, none.stderr).toBe(0);
    const dev = (JSON.parse(readFileSync(join(project, ".telematics", "dev-secrets.json"), "utf8")) as { secrets: Record<string, string> }).secrets.zubie!;
    expect(none.stdout).toContain(`Zubie-Signature: ${createHmac("sha256", dev).update(readFileSync(bodyFile)).digest("base64")}`);
    expect(none.stderr).toContain("note: signed with the project's dev secret");
    expect(none.stdout + none.stderr).not.toContain(dev);
    const pub = await runMain(["sign", "--provider", "standard-webhooks", "--secret", "whpk_" + Buffer.alloc(32, 1).toString("base64"), "--payload", bodyFile]);
    expect(pub.code).toBe(2);
    expect(pub.stderr).toContain("a whpk_ public key can only verify");
  });
});
