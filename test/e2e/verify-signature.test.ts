import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain } from "../helpers/main.js";
import { runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "telematics-verify-"));
const body = '{"event":"trip_end","user_key":"u1","trip":{"distance":12.5}}\n';
const bodyFile = join(dir, "body.json");
writeFileSync(bodyFile, body);
const SECRET = "zubie-app-secret-8c1f";
const zubieSig = execFileSync("openssl", ["dgst", "-sha256", "-hmac", SECRET, "-binary", bodyFile]).toString("base64");

describe("verify-signature exit codes", () => {
  it("exits 0 with one line on stderr and nothing on stdout when valid (the real binary: bin wiring)", async () => {
    const r = await runCli(["verify-signature", "--provider", "zubie", "--secret", SECRET, "--signature", zubieSig, "--payload", bodyFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("valid zubie: Zubie-Signature matches secret 1 of 1");
  });

  it("exits 1 and explains why when the signature does not match", async () => {
    const r = await runMain(["verify-signature", "--provider", "uber", "--secret", SECRET, "--signature", zubieSig, "--payload", bodyFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("X-Uber-Signature is base64 but uber signatures are hex");
  });

  it("exits 1 when the payload gained a newline after signing", async () => {
    const edited = join(dir, "edited.json");
    writeFileSync(edited, body + "\n");
    const r = await runMain(["verify-signature", "--provider", "zubie", "--secret", SECRET, "--signature", zubieSig, "--payload", edited]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("signature matches the body without its trailing newline");
  });

  it("reads the payload from stdin with --payload -", async () => {
    const r = await runMain(["verify-signature", "--provider", "zubie", "--secret", SECRET, "--signature", zubieSig, "--payload", "-"], { stdin: body });
    expect(r.code).toBe(0);
    const bad = await runMain(["verify-signature", "--provider", "zubie", "--secret", SECRET, "--signature", zubieSig, "--payload", "-"], { stdin: body.trim() });
    expect(bad.code).toBe(1);
  });

  it("accepts the signature as a --header line", async () => {
    const r = await runMain(["verify-signature", "--provider", "zubie", "--secret", SECRET, "--header", `Zubie-Signature: ${zubieSig}`, "--payload", bodyFile]);
    expect(r.code).toBe(0);
  });

  it.each([
    [["--provider", "zubie", "--signature", "x", "--payload", bodyFile], /no app secret given/],
    [["--provider", "nope", "--secret", "s", "--signature", "x", "--payload", bodyFile], /--provider nope: unknown provider/],
    [["--secret", "s", "--signature", "x", "--payload", bodyFile], /--provider is required/],
    [["--provider", "zubie", "--secret", "s", "--signature", "x", "--payload", join(dir, "missing.json")], /--payload .*missing\.json: cannot read it \(no such file\)/],
    [["--provider", "zubie", "--secret", "s", "--signature", "x"], /--payload is required/],
    [["--provider", "zubie", "--secret", "s", "--payload", bodyFile], /give the signature with --signature/],
    [["--provider", "zubie", "--secret", "s", "--header", "no colon here", "--payload", bodyFile], /--header: "no colon here": expected "Name: value"/],
    [["--provider", "automatic", "--secret", "s", "--signature", "x", "--payload", bodyFile], /Automatic webhooks are not signed/],
    [["--provider", "standard-webhooks", "--secret", "whsec_AAAA", "--signature", "v1,x", "--tolerance", "soon", "--payload", bodyFile], /--tolerance soon: expected a duration such as 30s, 5m or 250ms/],
    [["--provider", "zubie", "--secret-env", "TELEMATICS_TEST_UNSET", "--signature", "x", "--payload", bodyFile], /--secret-env TELEMATICS_TEST_UNSET: the environment variable is not set/],
    [["--provider", "zubie", "--secret-file", join(dir, "nope.txt"), "--signature", "x", "--payload", bodyFile], /--secret-file .*nope\.txt: cannot read it \(no such file\)/],
    [["--provider", "zubie", "--bogus"], /unknown option '--bogus'/],
  ])("exits 2 with a one-line usage error: %j", async (args, message) => {
    const r = await runMain(["verify-signature", ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("prints one JSON result on stdout with --json", async () => {
    const r = await runMain(["verify-signature", "--json", "--provider", "uber", "--secret", "old", "--secret", SECRET, "--signature", execFileSync("openssl", ["dgst", "-sha256", "-hmac", SECRET, "-hex", "-r", bodyFile]).toString().split(" ")[0]!, "--payload", bodyFile]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ valid: true, verdict: "valid", provider: "uber", matched_secret: 1, secrets: 2 });
  });

  it("gives --json results for failures too, with the reason", async () => {
    const r = await runMain(["verify-signature", "--json", "--provider", "zubie", "--secret", SECRET, "--signature", zubieSig.slice(0, 20), "--payload", bodyFile]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, reason: "wrong-length" });
  });

  it("verifies Standard Webhooks with headers and a tolerance", async () => {
    const secret = "whsec_" + Buffer.from("standard-webhooks-secret").toString("base64");
    const signed = await runMain(["sign", "--json", "--provider", "standard-webhooks", "--secret", secret, "--id", "msg_1", "--timestamp", "1700000000", "--payload", bodyFile]);
    const { headers } = JSON.parse(signed.stdout) as { headers: Record<string, string> };
    const args = ["verify-signature", "--provider", "standard-webhooks", "--secret", secret, "--payload", bodyFile, ...Object.entries(headers).flatMap(([k, v]) => ["--header", `${k}: ${v}`])];
    const late = await runMain(args);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/webhook-timestamp is .* in the past, outside the tolerance of 5m/);
    const off = await runMain([...args, "--tolerance", "off"]);
    expect(off.code).toBe(0);
  });
});
