/**
 * Known answers for every scheme. The expected values were computed with tools we did not write:
 * `openssl dgst -hmac` for the HMAC providers, the `standardwebhooks` reference package and its
 * published test vector for Standard Webhooks, and RFC 8032's test vector 1 for ed25519.
 */
import { sign as edSign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { providers } from "../../../src/core/providers/index.js";
import { ed25519PrivateKey, publicKeyOf } from "../../../src/core/providers/standard-webhooks/index.js";

const BODY = Buffer.from('{"event":"trip_end","user_key":"u1"}');
const NOW = 1_700_000_000_000;

describe("zubie", () => {
  it("signs with base64 HMAC-SHA256 of the raw body in Zubie-Signature", () => {
    expect(providers.zubie.sign({ body: BODY, secret: "zubie-app-secret" })).toEqual({
      "Content-Type": "application/json",
      "Zubie-Signature": "01Op/apgziibueCZoN9IDq66mk+G+SQwlhkWa076+e8=",
    });
  });
  it("verifies the openssl-made signature", () => {
    const r = providers.zubie.verify({ body: BODY, headers: { "zubie-signature": "01Op/apgziibueCZoN9IDq66mk+G+SQwlhkWa076+e8=" }, secrets: ["zubie-app-secret"], now: NOW });
    expect(r).toMatchObject({ valid: true, verdict: "valid", matchedSecret: 0 });
  });
});

describe("uber", () => {
  const HEX = "06e7bbd05913328173f10daf48d6f1470b95e2e4a03d513360c570d3ae7c47c1";
  it("signs with lowercase hex HMAC-SHA256 and sends X-Environment", () => {
    expect(providers.uber.sign({ body: BODY, secret: "uber-client-secret" })).toEqual({
      "Content-Type": "application/json",
      "X-Environment": "sandbox",
      "X-Uber-Signature": HEX,
    });
  });
  it("accepts upper-case hex", () => {
    const r = providers.uber.verify({ body: BODY, headers: { "X-Uber-Signature": HEX.toUpperCase() }, secrets: ["uber-client-secret"], now: NOW });
    expect(r.valid).toBe(true);
  });
});

describe("hmac (generic)", () => {
  it("signs with the chosen header, algorithm, encoding and prefix", () => {
    const h = providers.hmac.sign({ body: BODY, secret: "generic-secret", options: { header: "X-Hub-Signature", algorithm: "sha1", encoding: "hex", prefix: "sha1=" } });
    expect(h["X-Hub-Signature"]).toBe("sha1=6fb7dc0fe9608b630de6627c187c0f0f5c564702");
    const b = providers.hmac.sign({ body: BODY, secret: "generic-secret", options: { algorithm: "sha512", encoding: "base64" } });
    expect(b["X-Signature"]).toBe("bq2JBMAepBPpOuYW6rHom65JcwyynLS+kYLeaIP7u5CA4YV1RiNuN8V1C5BVMas01c7IKIVQVKieEEKMVsTLnQ==");
  });
  it("verifies with the prefix present", () => {
    const r = providers.hmac.verify({
      body: BODY,
      headers: { "x-hub-signature": "sha1=6fb7dc0fe9608b630de6627c187c0f0f5c564702" },
      secrets: ["generic-secret"],
      now: NOW,
      options: { header: "X-Hub-Signature", algorithm: "sha1", prefix: "sha1=" },
    });
    expect(r.valid).toBe(true);
  });
});

describe("events-push", () => {
  it("sends the token as a bearer Authorization header", () => {
    expect(providers["events-push"].sign({ body: BODY, secret: "tok-123" })).toEqual({ "Content-Type": "application/json", Authorization: "Bearer tok-123" });
  });
  it("accepts the scheme name in any case", () => {
    expect(providers["events-push"].verify({ body: BODY, headers: { authorization: "bearer tok-123" }, secrets: ["tok-123"], now: NOW }).valid).toBe(true);
  });
});

describe("automatic", () => {
  it("sends no signature and says so when asked to verify", () => {
    expect(providers.automatic.sign({ body: BODY, secret: "" })).toEqual({ "Content-Type": "application/json" });
    const r = providers.automatic.verify({ body: BODY, headers: {}, secrets: [], now: NOW });
    expect(r).toMatchObject({ verdict: "unsigned", valid: false, reason: "unsigned" });
    expect(r.message).toMatch(/not signed/);
  });
});

describe("standard-webhooks", () => {
  const sw = providers["standard-webhooks"];
  it("reproduces the published test vector", () => {
    const h = sw.sign({ body: Buffer.from('{"test": 2432232314}'), secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330 });
    expect(h["webhook-signature"]).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    expect(h["webhook-id"]).toBe("msg_p5jXN8AQM9LWM0D4loKWxJek");
    expect(h["webhook-timestamp"]).toBe("1614265330");
  });
  it("matches the reference package's signature for our body", () => {
    const h = sw.sign({ body: BODY, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id: "msg_2", timestamp: 1_700_000_000 });
    expect(h["webhook-signature"]).toBe("v1,kT7ZVKuOyZ58Dw2ggr/V+BnVnMt1qz91Q4cdNE0rRtk=");
  });
  it("imports ed25519 keys as RFC 8032 test vector 1 defines them", () => {
    const seed = Buffer.from("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "hex");
    const pub = Buffer.from("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "hex");
    const whsk = "whsk_" + seed.toString("base64");
    expect(publicKeyOf(whsk)).toBe("whpk_" + pub.toString("base64"));
    expect(edSign(null, Buffer.alloc(0), ed25519PrivateKey(whsk)).toString("hex")).toBe(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    );
    // A 64-byte secret key (seed followed by public key, as libsodium stores it) works the same.
    expect(publicKeyOf("whsk_" + Buffer.concat([seed, pub]).toString("base64"))).toBe("whpk_" + pub.toString("base64"));
  });
  it("signs v1a with a whsk_ key and verifies it with the whpk_ public key", () => {
    const seed = Buffer.from("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "hex");
    const whsk = "whsk_" + seed.toString("base64");
    const h = sw.sign({ body: BODY, secret: whsk, id: "msg_1", timestamp: 1_700_000_000 });
    expect(h["webhook-signature"]).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    const r = sw.verify({ body: BODY, headers: h, secrets: [publicKeyOf(whsk)], now: NOW });
    expect(r).toMatchObject({ valid: true, scheme: "v1a", matchedSecret: 0 });
  });
});
