/**
 * Projects: the config file and its local overrides, profiles, precedence, routes for several
 * providers on one listener, dev secrets, `telematics config`, `init` and `secrets`. Commands run
 * in-process (main with fake streams) in a fresh folder each; signatures made by openssl.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { runMain, startMain, startProc, type Started } from "../helpers/main.js";
import { BIN, ROOT } from "../helpers/run-cli.js";

const running: Started[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "telematics-project-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const fixture = (id: string) => readFileSync(join(ROOT, "fixtures", `${id}.json`));
const openssl = (args: string[], input: Buffer) => execFileSync("openssl", args, { input }).toString().trim();
const hmacBase64 = (key: string, body: Buffer) => openssl(["base64", "-A"], Buffer.from(execFileSync("openssl", ["dgst", "-sha256", "-hmac", key, "-binary"], { input: body })));
const hmacHex = (key: string, body: Buffer) => openssl(["dgst", "-sha256", "-hmac", key, "-r"], body).split(" ")[0]!;
const hmacHexKey = (hexKey: string, content: Buffer) => openssl(["base64", "-A"], Buffer.from(execFileSync("openssl", ["dgst", "-sha256", "-mac", "HMAC", "-macopt", `hexkey:${hexKey}`, "-binary"], { input: content })));

async function listen(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ run: Started; origin: string }> {
  const run = startMain(["listen", "--port", "0", ...args], { cwd, env });
  running.push(run);
  await run.waitFor(({ stderr }) => stderr.includes("Ctrl-C to stop."));
  return { run, origin: /(http:\/\/127\.0\.0\.1:\d+)/.exec(run.stderr())![1]! };
}

const post = async (url: string, body: Buffer, headers: Record<string, string>) => {
  const res = await request(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  return { status: res.statusCode, body: await res.body.text() };
};

describe("the newcomer's path", () => {
  it("telematics listen, then telematics send --fixture trip_end --to http://127.0.0.1:PORT/: verified, with no other flag", async () => {
    const cwd = project();
    const l = startProc(["listen", "--port", "0"], { cwd });
    try {
      await l.waitFor(({ stderr }) => stderr.includes("Ctrl-C to stop."));
      expect(l.stderr()).toContain("the project's dev secrets (.telematics/dev-secrets.json)");
      const url = /receiving webhooks at (\S+)/.exec(l.stderr())![1]!;
      const sent = await runMain(["send", "--fixture", "trip_end", "--to", url], { cwd });
      expect(sent.code, sent.stderr).toBe(0);
      await l.waitFor(({ stdout }) => stdout.includes("✔ verified"));
      expect(l.stdout()).toMatch(/zubie trip_end {2}✔ verified/);
      // The dev secrets: 0600, in a folder git ignores as a whole.
      expect(statSync(join(cwd, ".telematics", "dev-secrets.json")).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(cwd, ".telematics", ".gitignore"), "utf8")).toMatch(/^\*$/m);
    } finally {
      l.kill("SIGINT");
      expect((await l.exit()).code).toBe(130);
    }
  });

  it("the dev secret is never sent to another machine: a usage error, and no request is made", async () => {
    const cwd = project();
    await runMain(["secrets", "show", "zubie"], { cwd }); // a dev secret exists
    const r = await runMain(["send", "--fixture", "trip_end", "--to", "http://telematics-remote.invalid/hooks"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("a dev secret is only used towards this machine; telematics-remote.invalid is not");
    expect(r.stdout).toBe(""); // no result line: nothing was sent
    // Another loopback name is this machine: it gets the dev secret.
    const got: string[] = [];
    const server = createServer((req, res) => {
      got.push(String(req.headers["zubie-signature"]));
      req.resume();
      req.on("end", () => res.end("{}"));
    });
    await new Promise<void>((r2) => server.listen(0, "127.0.0.2", () => r2()));
    try {
      const port = (server.address() as { port: number }).port;
      const ok = await runMain(["send", "--fixture", "trip_end", "--to", `http://127.0.0.2:${port}/`], { cwd });
      expect(ok.code, ok.stderr).toBe(0);
      expect(got).toHaveLength(1);
    } finally {
      server.close();
    }
  });
});

describe("one listener, every provider", () => {
  const SW_KEY = Buffer.from("standard-webhooks-secret-bytes!!");
  const config = JSON.stringify({
    providers: { zubie: { secretEnv: "ZUBIE_SECRET" }, uber: { secretFile: "uber.secret" }, "events-push": { tokenEnv: "PUSH_TOKEN" }, "standard-webhooks": { secretEnv: "SW_SECRET" } },
    routes: { "/zubie": "zubie", "/uber": "uber", "/push": "events-push", "/sw": "standard-webhooks" },
  });
  const env = { ZUBIE_SECRET: "zubie-real-1", PUSH_TOKEN: "push-real-2", SW_SECRET: `whsec_${SW_KEY.toString("base64")}` };

  it("serves four routes, each verified with its provider's own key; the banner lists one URL per route", async () => {
    const cwd = project({ "telematics.config.json": config, "uber.secret": "uber-real-3\n" });
    const { run, origin } = await listen([], cwd, env);
    for (const p of ["/zubie", "/uber", "/push", "/sw"]) expect(run.stderr()).toContain(`${origin}${p}`);
    expect(run.stderr()).toContain("from $ZUBIE_SECRET (telematics.config.json:1:");
    const zubie = fixture("zubie/trip_end");
    expect((await post(`${origin}/zubie`, zubie, { "Zubie-Signature": hmacBase64("zubie-real-1", zubie) })).status).toBe(200);
    const uber = fixture("uber/driver_online");
    expect((await post(`${origin}/uber`, uber, { "X-Uber-Signature": hmacHex("uber-real-3", uber) })).status).toBe(200);
    const push = fixture("events-push/overspeed");
    expect((await post(`${origin}/push`, push, { Authorization: "Bearer push-real-2" })).status).toBe(200);
    const ts = String(Math.floor(Date.now() / 1000));
    const content = Buffer.concat([Buffer.from(`msg_p1.${ts}.`), zubie]);
    expect((await post(`${origin}/sw`, zubie, { "webhook-id": "msg_p1", "webhook-timestamp": ts, "webhook-signature": `v1,${hmacHexKey(SW_KEY.toString("hex"), content)}` })).status).toBe(200);
    await run.waitFor(({ stdout }) => (stdout.match(/✔ verified/g) ?? []).length === 4);
  });

  it("refuses a request signed for another provider, naming the route that receives it; and a wrong secret", async () => {
    const cwd = project({ "telematics.config.json": config, "uber.secret": "uber-real-3\n" });
    const { origin } = await listen([], cwd, env);
    const zubie = fixture("zubie/trip_end");
    const wrongRoute = await post(`${origin}/uber`, zubie, { "Zubie-Signature": hmacBase64("zubie-real-1", zubie) });
    expect(wrongRoute.status).toBe(401);
    expect(JSON.parse(wrongRoute.body).message).toContain("the request is signed for zubie (Zubie-Signature), which this listener receives at /zubie");
    const wrongSecret = await post(`${origin}/zubie`, zubie, { "Zubie-Signature": hmacBase64("not-the-secret", zubie) });
    expect(wrongSecret.status).toBe(401);
    expect(JSON.parse(wrongSecret.body).message).toContain("does not match");
  });

  it("a route checked against the dev secret says that real deliveries need the real secret", async () => {
    const cwd = project();
    const { origin } = await listen(["--route", "/zubie=zubie"], cwd);
    const zubie = fixture("zubie/trip_end");
    const r = await post(`${origin}/zubie`, zubie, { "Zubie-Signature": hmacBase64("the-real-app-secret", zubie) });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).message).toMatch(/checked against this project's dev secret for zubie.*real deliveries need the real app secret \(--secret-env ZUBIE_SECRET/);
  });
});

describe("precedence and profiles", () => {
  const files = {
    "telematics.config.json": `{
  // the committed file
  "defaultProfile": "local",
  "listen": { "port": 4100, "lateAfter": "2m", "host": "127.0.0.1" },
  "send": { "to": "http://127.0.0.1:1/base", "concurrency": 3 },
  "profiles": {
    "local": { "listen": { "lateAfter": "3m" } },
    "staging": { "send": { "to": "https://staging.example.com/hooks" }, "listen": { "port": 4200 } }
  }
}
`,
  };
  const setting = async (cwd: string, name: string, args: string[] = [], env: Record<string, string> = {}) => {
    const r = await runMain(["config", "--json", ...args], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { setting: string; value?: unknown; source: string; from?: string }).find((s) => s.setting === name)!;
  };

  it("flag beats environment beats the file (profile, then base) beats the default", async () => {
    const cwd = project(files);
    expect(await setting(cwd, "listen.lateAfter")).toMatchObject({ value: 180_000, source: "file", from: expect.stringMatching(/^telematics\.config\.json:7:\d+$/) });
    expect(await setting(cwd, "listen.port")).toMatchObject({ value: 4100, source: "file", from: expect.stringMatching(/^telematics\.config\.json:4:\d+$/) });
    expect(await setting(cwd, "listen.port", [], { TELEMATICS_PORT: "4300" })).toMatchObject({ value: 4300, source: "env", from: "TELEMATICS_PORT" });
    expect(await setting(cwd, "listen.maxBody")).toMatchObject({ value: 1 << 20, source: "default" });
    expect(await setting(cwd, "send.concurrency")).toMatchObject({ value: 3, source: "file" });
    // A flag beats them all: listen --port given, the banner shows it (port 0: a free one).
    const { run } = await listen(["--no-log"], cwd, { TELEMATICS_PORT: "4300" });
    expect(run.stderr()).not.toContain(":4300/");
  });

  it("--profile and TELEMATICS_PROFILE choose a profile; an unknown one is a usage error listing them", async () => {
    const cwd = project(files);
    expect(await setting(cwd, "send.to", ["--profile", "staging"])).toMatchObject({ value: "https://staging.example.com/hooks", source: "file" });
    expect(await setting(cwd, "listen.port", [], { TELEMATICS_PROFILE: "staging" })).toMatchObject({ value: 4200 });
    expect(await setting(cwd, "profile", ["--profile", "staging"])).toMatchObject({ value: "staging", source: "flag" });
    const bad = await runMain(["config", "--profile", "prod"], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("error: --profile prod: no such profile (profiles: local, staging)\n");
  });

  it(".telematics/local.json overrides the committed file and may hold literal secrets", async () => {
    const cwd = project({ ...files, ".telematics/local.json": JSON.stringify({ listen: { port: 4555 }, providers: { zubie: { secret: "local-literal" } } }) });
    expect(await setting(cwd, "listen.port")).toMatchObject({ value: 4555, from: expect.stringMatching(/^\.telematics\/local\.json:1:\d+$/) });
    const body = fixture("zubie/trip_end");
    const r = await runMain(["verify-signature", "--provider", "zubie", "--signature", hmacBase64("local-literal", body), "--payload", join(ROOT, "fixtures/zubie/trip_end.json")], { cwd });
    expect(r.code, r.stderr).toBe(0);
  });

  it("the config file is found in a parent folder", async () => {
    const cwd = project(files);
    mkdirSync(join(cwd, "sub", "deeper"), { recursive: true });
    expect(await setting(join(cwd, "sub", "deeper"), "listen.port")).toMatchObject({ value: 4100 });
  });

  it("the search for it stops at the home folder of the command's environment ($HOME)", async () => {
    const cwd = project(files);
    mkdirSync(join(cwd, "home", "work"), { recursive: true });
    expect(await setting(join(cwd, "home", "work"), "listen.port", [], { HOME: join(cwd, "home") })).toMatchObject({ value: 4000, source: "default" });
    expect(await setting(join(cwd, "home", "work"), "listen.port", [], { HOME: join(cwd, "elsewhere") })).toMatchObject({ value: 4100 });
  });
});

describe("config errors: one line, file:line:column and the JSON path, exit 2", () => {
  it.each([
    ['{\n  "listen": { "port": "4000x" }\n}\n', /^error: telematics\.config\.json:2:23: listen\.port: expected number, found the text "4000x"\n$/],
    ['{\n  "listen": { "prot": 4000 }\n}\n', /^error: telematics\.config\.json:2:23: listen\.prot: unknown setting "prot" \(known in listen: port, host, /],
    ['{\n  "listen": { "lateAfter": "soon" }\n}\n', /^error: telematics\.config\.json:2:28: listen\.lateAfter: expected a duration such as 30s, 5m or 250ms\n$/],
    ['{\n  "providers": {\n    "zubie": { "secret": "s3cr3t" }\n  }\n}\n', /^error: telematics\.config\.json:3:26: providers\.zubie\.secret: a secret is never written in the committed config file: reference it with "secretEnv": "ZUBIE_SECRET" \(an environment variable\) or "secretFile": "path\/to\/file", or put it in \.telematics\/local\.json \(git-ignored\)\n$/],
    ['{\n  "providers": { "zubie": { "secretEnv": "whsec_abc=" } }\n}\n', /^error: telematics\.config\.json:2:\d+: providers\.zubie\.secretEnv: expected the NAME of an environment variable/],
    ['{\n  "listen": { "port": 1,\n}', /^error: telematics\.config\.json:3:2: unexpected end of input: the object is not closed\n$/],
    ['{\n  "routes": { "zubie": "zubie" }\n}\n', /^error: telematics\.config\.json:2:\d+: routes\.zubie: a route is a URL path starting with \//],
  ])("%j", async (text, message) => {
    const cwd = project({ "telematics.config.json": text });
    const r = await runMain(["listen", "--port", "0"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("an unset variable named by the config: the dev secret locally, a usage error where a real secret is needed", async () => {
    const cwd = project({ "telematics.config.json": JSON.stringify({ providers: { zubie: { secretEnv: "ZUBIE_SECRET" } } }) });
    const v = await runMain(["verify-signature", "--provider", "zubie", "--signature", "x", "--payload", join(ROOT, "fixtures/zubie/trip_end.json")], { cwd });
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/no app secret for zubie: \$ZUBIE_SECRET \(telematics\.config\.json:1:\d+\) is not set/);
    const { run } = await listen([], cwd);
    expect(run.stderr()).toContain("as $ZUBIE_SECRET (telematics.config.json:1:");
  });
});

describe("telematics config, init, secrets", () => {
  it("config shows each setting's source, secrets only by where they come from", async () => {
    const cwd = project({ "telematics.config.json": JSON.stringify({ providers: { zubie: { secretEnv: "ZUBIE_SECRET" } } }) });
    const r = await runMain(["config", "listen"], { cwd, env: { ZUBIE_SECRET: "never-shown-1", TELEMATICS_LATE_AFTER: "7m" } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/providers\.zubie\.secret\s+\[secret\]\s+← file telematics\.config\.json:1:\d+\s+\$ZUBIE_SECRET/);
    expect(r.stdout).toMatch(/listen\.lateAfter\s+7m\s+← env TELEMATICS_LATE_AFTER/);
    expect(r.stdout).toMatch(/listen\.port\s+4000\s+← default/);
    expect(r.stdout + r.stderr).not.toContain("never-shown-1");
  });

  it("init writes a commented config for the providers given, valid as it is, and ignores .telematics/", async () => {
    const cwd = project({ ".gitignore": "node_modules/" });
    const r = await runMain(["init", "--provider", "zubie,uber", "--provider", "events-push"], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(cwd, "telematics.config.json"), "utf8");
    expect(text).toContain('"zubie": { "secretEnv": "ZUBIE_SECRET" }');
    expect(text).toContain('"events-push": { "tokenEnv": "EVENTS_PUSH_TOKEN" }');
    expect(text).toMatch(/^\s*\/\/ /m);
    expect(readFileSync(join(cwd, ".gitignore"), "utf8")).toBe("node_modules/\n# telematics: event log, dev secrets, local overrides\n.telematics/\n");
    // The file it wrote is read back without complaint, routes included.
    const c = await runMain(["config", "--json"], { cwd });
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toContain('"setting":"routes.POST /zubie"');
    expect((await runMain(["init", "--provider", "zubie"], { cwd })).stderr).toContain("already exists here (--force to replace it)");
    expect((await runMain(["init"], { cwd: project() })).stderr).toContain("give the providers with --provider NAME");
  });

  it("secrets show prints a dev secret (as a dotenv line with --env), rotate replaces it", async () => {
    const cwd = project();
    const shown = await runMain(["secrets", "show", "zubie"], { cwd });
    expect(shown.code).toBe(0);
    const secret = shown.stdout.trim();
    expect(secret).toMatch(/^\S{20,}$/);
    expect((await runMain(["secrets", "show", "zubie", "--env"], { cwd })).stdout.trim()).toBe(`ZUBIE_SECRET=${secret}`);
    expect((await runMain(["secrets", "show", "standard-webhooks"], { cwd })).stdout).toMatch(/^whsec_[A-Za-z0-9+/]+=*\n$/);
    expect((await runMain(["secrets"], { cwd })).stdout).toContain("zubie");
    expect((await runMain(["secrets", "rotate", "zubie"], { cwd })).code).toBe(0);
    expect((await runMain(["secrets", "show", "zubie"], { cwd })).stdout.trim()).not.toBe(secret);
    expect(existsSync(join(cwd, ".telematics", "dev-secrets.json"))).toBe(true);
  });
});

describe("shell completion", () => {
  let script = "";
  let shim = "";
  beforeAll(async () => {
    script = (await runMain(["completion", "bash"])).stdout;
    shim = mkdtempSync(join(tmpdir(), "telematics-bin-"));
    writeFileSync(join(shim, "telematics"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  });
  /** Sources the bash script in a real bash (which runs the real binary) and reads COMPREPLY for the words typed. */
  function complete(words: string[], cwd: string): string[] {
    const line = words.map((w) => `'${w}'`).join(" ");
    const r = spawnSync("bash", ["--norc", "-c", `${script}\nCOMP_WORDS=(telematics ${line}); COMP_CWORD=${words.length}; _telematics; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd, encoding: "utf8", env: { ...process.env, PATH: `${shim}:${process.env.PATH}` } });
    return r.stdout.split("\n").filter(Boolean);
  }

  it("completes commands, flags, provider names, fixtures, scenarios and profiles", () => {
    const cwd = project({ "telematics.config.json": JSON.stringify({ profiles: { staging: {}, local: {} } }) });
    expect(complete(["se"], cwd)).toEqual(["send", "secrets"]);
    expect(complete(["send", "--fix"], cwd)).toEqual(["--fixture"]);
    expect(complete(["send", "--fixture", "trip_"], cwd)).toEqual(expect.arrayContaining(["trip_end", "trip_start", "trip_hard_brake"]));
    expect(complete(["send", "--fixture", "trip_"], cwd).every((c) => c.startsWith("trip_"))).toBe(true);
    expect(complete(["listen", "--provider", "u"], cwd)).toEqual(["uber"]);
    expect(complete(["send", "--scenario", ""], cwd)).toEqual(expect.arrayContaining(["zubie-trip", "uber-shift"]));
    expect(complete(["--profile", "st"], cwd)).toEqual(["staging"]);
    expect(complete(["tail", "--protocol", ""], cwd)).toEqual(["auto", "socket.io", "raw"]);
  }, 20_000);

  it("prints zsh and fish scripts too, and refuses another shell", async () => {
    expect((await runMain(["completion", "zsh"])).stdout).toContain("compdef _telematics telematics");
    expect((await runMain(["completion", "fish"])).stdout).toContain("complete -c telematics");
    const bad = await runMain(["completion", "tcsh"]);
    expect(bad).toMatchObject({ code: 2, stderr: "error: tcsh: no completion for this shell (one of: bash, zsh, fish)\n" });
  });
});
