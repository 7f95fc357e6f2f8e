/**
 * Interoperability with implementations we did not write: OpenSSL's HMAC (as a provider's
 * backend would compute it) and the `standardwebhooks` reference package, in both directions.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { providers } from "../../../src/core/providers/index.js";

const dir = mkdtempSync(join(tmpdir(), "telematics-interop-"));
const body = Buffer.from('{"event":"vehicle_location_update","timestamp":"2024-05-01T10:00:00-05:00","vehicle":{"nickname":"Van 7"}}\n');
const bodyFile = join(dir, "body.json");
writeFileSync(bodyFile, body);

function openssl(algorithm: string, secret: string): Buffer {
  return execFileSync("openssl", ["dgst", `-${algorithm}`, "-hmac", secret, "-binary", bodyFile]);
}

describe("openssl dgst -hmac", () => {
  it("makes Zubie signatures (base64) that we verify", () => {
    const sig = openssl("sha256", "app-secret-1").toString("base64");
    expect(providers.zubie.verify({ body, headers: { "Zubie-Signature": sig }, secrets: ["app-secret-1"], now: 0 }).valid).toBe(true);
    expect(providers.zubie.sign({ body, secret: "app-secret-1" })["Zubie-Signature"]).toBe(sig);
  });

  it("makes Uber signatures (hex) that we verify", () => {
    const sig = openssl("sha256", "client-secret-1").toString("hex");
    expect(providers.uber.verify({ body, headers: { "X-Uber-Signature": sig }, secrets: ["client-secret-1"], now: 0 }).valid).toBe(true);
    expect(providers.uber.sign({ body, secret: "client-secret-1" })["X-Uber-Signature"]).toBe(sig);
  });

  it("makes generic sha1/sha512 signatures that we verify", () => {
    for (const algorithm of ["sha1", "sha512"] as const) {
      const sig = "sha=" + openssl(algorithm, "s").toString("hex");
      const r = providers.hmac.verify({ body, headers: { "X-Sig": sig }, secrets: ["s"], now: 0, options: { header: "X-Sig", algorithm, prefix: "sha=" } });
      expect(r.valid, algorithm).toBe(true);
    }
  });
});

describe("standardwebhooks reference package", () => {
  const secret = "whsec_" + Buffer.from("a 24-byte test secret!!!").toString("base64");
  const payload = body.toString("utf8");

  it("verifies what we sign", () => {
    const ts = Math.floor(Date.now() / 1000);
    const headers = providers["standard-webhooks"].sign({ body, secret, id: "msg_ours", timestamp: ts });
    expect(() => new Webhook(secret).verify(payload, headers)).not.toThrow();
  });

  it("rejects what we sign once the body changes (so the check above can fail)", () => {
    const ts = Math.floor(Date.now() / 1000);
    const headers = providers["standard-webhooks"].sign({ body, secret, id: "msg_ours", timestamp: ts });
    expect(() => new Webhook(secret).verify(payload.replace("Van 7", "Van 8"), headers)).toThrow();
  });

  it("signs what we verify", () => {
    const now = Date.now();
    const signature = new Webhook(secret).sign("msg_theirs", new Date(now), payload);
    const headers = { "webhook-id": "msg_theirs", "webhook-timestamp": String(Math.floor(now / 1000)), "webhook-signature": signature };
    const r = providers["standard-webhooks"].verify({ body, headers, secrets: [secret], now });
    expect(r).toMatchObject({ valid: true, scheme: "v1" });
  });
});
