/**
 * Every registered provider keeps the same contract: what it signs it verifies, a changed byte
 * fails, several secrets work (reporting which matched), and each diagnosis the signing code knows is
 * produced by a case built for it.
 */
import { describe, expect, it } from "vitest";
import { providerNames, providers } from "../../../src/core/providers/index.js";
import type { Provider, SchemeOptions } from "../../../src/core/providers/types.js";

const BODY = Buffer.from('{\n  "event": "trip_end",\n  "trip": { "distance": 12.5 }\n}\n');
const NOW = 1_700_000_000_000;
const SECRETS: Record<string, string> = {
  zubie: "zubie-app-secret",
  uber: "uber-client-secret",
  "events-push": "events-push-token",
  "standard-webhooks": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  smartcar: "smartcar-management-token",
  samsara: "c2Ftc2FyYS13ZWJob29rLXNlY3JldC0x",
  motive: "motive-webhook-secret",
  fleetio: "fleetio-webhook-secret-key",
  hmac: "generic-secret",
};
const OTHER = "whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24=";

const signed = Object.entries(providers).filter(([, p]) => p.auth !== "unsigned") as [string, Provider][];
const digest = signed.filter(([, p]) => p.auth === "hmac" || p.auth === "standard-webhooks");

function sign(p: Provider, body: Uint8Array = BODY, secret = SECRETS[p.name]!, options?: SchemeOptions) {
  return p.sign({ body, secret, id: "msg_contract", timestamp: NOW / 1000, ...(options && { options }) });
}
function verify(p: Provider, headers: Record<string, string>, body: Uint8Array = BODY, secrets = [SECRETS[p.name]!], extra: Partial<Parameters<Provider["verify"]>[0]> = {}) {
  return p.verify({ body, headers, secrets, now: NOW, ...extra });
}
const sigHeader = (p: Provider) => p.signatureHeader()!;

it("covers every registered provider", () => {
  expect(providerNames.sort()).toEqual(["automatic", "events-push", "fleetio", "hmac", "motive", "samsara", "smartcar", "standard-webhooks", "traccar", "uber", "zubie"]);
  for (const name of providerNames) expect(name === "automatic" || name === "traccar" || SECRETS[name], name).toBeTruthy();
});

describe.each(signed)("%s", (name, p) => {
  it("verifies what it signs", () => {
    expect(verify(p, sign(p))).toMatchObject({ valid: true, verdict: "valid", matchedSecret: 0 });
  });

  it("fails when one byte of the body changes", () => {
    const tampered = Buffer.from(BODY);
    tampered[12] = tampered[12]! ^ 1;
    const r = verify(p, sign(p), tampered);
    expect(r.valid).toBe(p.auth === "bearer"); // a bearer token does not cover the body
  });

  it("reports which of several secrets matched (rotation)", () => {
    const r = verify(p, sign(p), BODY, [OTHER, SECRETS[name]!]);
    expect(r).toMatchObject({ valid: true, matchedSecret: 1 });
    expect(r.message).toContain("2 of 2");
  });

  it("diagnoses a missing header and lists the headers that were there", () => {
    const r = verify(p, { "content-type": "application/json", "user-agent": "curl/8" });
    expect(r).toMatchObject({ valid: false, reason: "missing-header" });
    expect(r.message).toContain("content-type, user-agent");
  });

  it("diagnoses a signature made with another known secret", () => {
    const r = verify(p, sign(p, BODY, OTHER), BODY, [SECRETS[name]!], { alternateSecrets: [{ label: "the secret configured for zubie", secret: OTHER }] });
    expect(r.reason).toBe("other-secret");
    expect(r.message).toContain("the secret configured for zubie");
  });

  it("says plainly when nothing explains the mismatch", () => {
    const r = verify(p, sign(p, BODY, OTHER));
    expect(r.reason).toBe("mismatch");
  });

  it("never puts a secret in a message", () => {
    const cases = [verify(p, sign(p, BODY, OTHER)), verify(p, {}), verify(p, sign(p), Buffer.from("x"))];
    for (const r of cases) {
      for (const d of [r.message, ...r.diagnoses.map((x) => x.message)]) {
        expect(d).not.toContain(SECRETS[name]);
        expect(d).not.toContain(OTHER);
      }
    }
  });
});

describe.each(digest)("%s diagnoses", (name, p) => {
  const header = sigHeader(p);
  const value = (h: Record<string, string>) => h[header]!;
  const replaceSig = (h: Record<string, string>, f: (sig: string) => string) => {
    const v = value(h);
    const m = /^(v1,|v1=|sha\d+=)?(.*)$/.exec(v)!;
    return { ...h, [header]: (m[1] ?? "") + f(m[2]!) };
  };
  const wantEncoding = name === "zubie" || name === "standard-webhooks" ? "base64" : "hex";
  const otherEncoding = wantEncoding === "hex" ? "base64" : "hex";

  it(`diagnoses ${otherEncoding} where ${wantEncoding} is expected`, () => {
    const h = replaceSig(sign(p), (s) => Buffer.from(s, wantEncoding).toString(otherEncoding));
    const r = verify(p, h);
    expect(r.reason).toBe("wrong-encoding");
    expect(r.message).toContain(`is ${otherEncoding}`);
    expect(r.message).toContain("it matches");
  });

  it("diagnoses a truncated header by its length", () => {
    const h = replaceSig(sign(p), (s) => s.slice(0, 16));
    const r = verify(p, h);
    expect(r.reason).toBe("wrong-length");
    // Motive signs with HMAC-SHA1 (20 bytes), the others with SHA-256 (32).
    expect(r.message).toMatch(new RegExp(`decodes to \\d+ bytes .* ${name === "motive" ? 20 : 32} bytes: the header looks truncated`));
  });

  it("diagnoses a body re-serialized by JSON.stringify(JSON.parse(body))", () => {
    const compact = Buffer.from(JSON.stringify(JSON.parse(BODY.toString())));
    const r = verify(p, sign(p, compact), BODY);
    expect(r.reason).toBe("body-modified");
    expect(r.message).toContain("JSON.stringify(JSON.parse(body))");
  });

  it("diagnoses a trailing newline added after signing", () => {
    const r = verify(p, sign(p, BODY.subarray(0, BODY.length - 1)), BODY);
    expect(r.reason).toBe("body-modified");
    expect(r.message).toContain("without its trailing newline");
  });

  it("diagnoses a trailing newline removed after signing", () => {
    const stripped = BODY.subarray(0, BODY.length - 1);
    const r = verify(p, sign(p, BODY), stripped);
    expect(r.reason).toBe("body-modified");
    expect(r.message).toContain("with a trailing newline");
  });

  it("diagnoses a secret with a trailing newline (a secret file or variable)", () => {
    const r = verify(p, sign(p), BODY, [SECRETS[name]! + "\n"]);
    if (name === "standard-webhooks" || name === "samsara") {
      // A whsec_ (or Samsara) secret is base64, where whitespace carries no bits: it still verifies.
      expect(r.valid).toBe(true);
      return;
    }
    expect(r.reason).toBe("secret-format");
    expect(r.message).toContain("whitespace");
  });
});

describe("generic hmac diagnoses", () => {
  it("names the algorithm a signature's length belongs to, and whether it matches with it", () => {
    const h = providers.hmac.sign({ body: BODY, secret: "generic-secret", options: { algorithm: "sha1" } });
    const r = providers.hmac.verify({ body: BODY, headers: h, secrets: ["generic-secret"], now: NOW });
    expect(r.reason).toBe("wrong-algorithm");
    expect(r.message).toContain("HMAC-SHA1");
    expect(r.message).toContain("it matches with HMAC-SHA1");
  });

  it("reads signatures behind a configured prefix, and behind a sha256= prefix by default", () => {
    const h = providers.hmac.sign({ body: BODY, secret: "generic-secret", options: { prefix: "sha256=" } });
    expect(h["X-Signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(providers.hmac.verify({ body: BODY, headers: h, secrets: ["generic-secret"], now: NOW }).valid).toBe(true);
  });

  it("calls garbage neither hex nor base64", () => {
    const r = providers.hmac.verify({ body: BODY, headers: { "X-Signature": "not a signature!" }, secrets: ["generic-secret"], now: NOW });
    expect(r.reason).toBe("malformed-header");
  });
});

describe("standard-webhooks specifics", () => {
  const sw = providers["standard-webhooks"];
  const secret = SECRETS["standard-webhooks"]!;

  it("diagnoses a timestamp outside the tolerance, by how much, while saying the signature matches", () => {
    const h = sw.sign({ body: BODY, secret, id: "msg_1", timestamp: NOW / 1000 - 432 });
    const r = sw.verify({ body: BODY, headers: h, secrets: [secret], now: NOW });
    expect(r).toMatchObject({ valid: false, reason: "timestamp-out-of-tolerance" });
    expect(r.message).toContain("7m 12s in the past");
    expect(r.message).toContain("tolerance of 5m");
    expect(r.message).toContain("the signature itself matches");
  });

  it("takes a settable tolerance, or none", () => {
    const h = sw.sign({ body: BODY, secret, id: "msg_1", timestamp: NOW / 1000 - 432 });
    expect(sw.verify({ body: BODY, headers: h, secrets: [secret], now: NOW, options: { toleranceSeconds: 600 } }).valid).toBe(true);
    expect(sw.verify({ body: BODY, headers: h, secrets: [secret], now: NOW, options: { toleranceSeconds: null } }).valid).toBe(true);
    const future = sw.sign({ body: BODY, secret, id: "msg_1", timestamp: NOW / 1000 + 3600 });
    expect(sw.verify({ body: BODY, headers: future, secrets: [secret], now: NOW }).message).toContain("1h in the future");
  });

  it("accepts several space-separated signatures, any of which may match", () => {
    const h = sw.sign({ body: BODY, secret, id: "msg_1", timestamp: NOW / 1000 });
    const other = sw.sign({ body: BODY, secret: OTHER, id: "msg_1", timestamp: NOW / 1000 });
    const both = { ...h, "webhook-signature": `${other["webhook-signature"]} ${h["webhook-signature"]}` };
    expect(sw.verify({ body: BODY, headers: both, secrets: [secret], now: NOW }).valid).toBe(true);
  });

  it("diagnoses a secret used as literal text instead of base64-decoded", () => {
    const wrongKey = "whsec_" + Buffer.from(secret, "utf8").toString("base64");
    const h = sw.sign({ body: BODY, secret: wrongKey, id: "msg_1", timestamp: NOW / 1000 });
    const r = sw.verify({ body: BODY, headers: h, secrets: [secret], now: NOW });
    expect(r.reason).toBe("secret-format");
    expect(r.message).toContain("literal text");
  });

  it("names each missing header", () => {
    const r = sw.verify({ body: BODY, headers: { "webhook-signature": "v1,abc" }, secrets: [secret], now: NOW });
    expect(r.message).toMatch(/^no webhook-id, webhook-timestamp headers; headers seen: webhook-signature$/);
  });

  it("asks for the public key when only v1a signatures arrive", () => {
    const h = { "webhook-id": "m", "webhook-timestamp": String(NOW / 1000), "webhook-signature": "v1a," + Buffer.alloc(64).toString("base64") };
    expect(sw.verify({ body: BODY, headers: h, secrets: [secret], now: NOW }).reason).toBe("missing-key");
  });

  it("rejects a timestamp that is not Unix seconds", () => {
    const h = { "webhook-id": "m", "webhook-timestamp": "2024-01-01T00:00:00Z", "webhook-signature": "v1,abc" };
    expect(sw.verify({ body: BODY, headers: h, secrets: [secret], now: NOW }).reason).toBe("malformed-header");
  });
});

describe("events-push specifics", () => {
  const ep = providers["events-push"];
  it("diagnoses a token sent with another scheme, without echoing it", () => {
    const r = ep.verify({ body: BODY, headers: { Authorization: "Basic dXNlcjpwYXNz" }, secrets: ["events-push-token"], now: NOW });
    expect(r.reason).toBe("malformed-header");
    expect(r.message).not.toContain("dXNlcjpwYXNz");
  });
  it("diagnoses a quoted token", () => {
    const r = ep.verify({ body: BODY, headers: { Authorization: 'Bearer "events-push-token"' }, secrets: ["events-push-token"], now: NOW });
    expect(r.reason).toBe("secret-format");
  });
});
