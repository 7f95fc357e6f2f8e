// Takes the README's screenshots of the inspector: listen receives a few scenarios (and one bad
// signature), inspect follows its log, Chromium shows the list, a detail and the map.
//
//   npm run screenshots        (builds first; writes docs/inspector-{list,detail,map}.png)
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const DOCS = dirname(fileURLToPath(import.meta.url));
const BIN = join(DOCS, "..", "bin", "telematics.js");
const SECRET = "docs-demo-secret";
const cwd = mkdtempSync(join(tmpdir(), "telematics-shots-"));
const env = { ...process.env, NO_COLOR: "1" };

function start(args, ready) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  return new Promise((resolve, reject) => {
    child.stderr.setEncoding("utf8").on("data", (d) => {
      err += d;
      const m = ready.exec(err);
      if (m && err.includes("Ctrl-C to stop.")) resolve({ child, match: m });
    });
    child.once("exit", (code) => reject(new Error(`${args[0]} exited with ${code}: ${err}`)));
  });
}

function send(...args) {
  const r = spawnSync(process.execPath, [BIN, "send", ...args], { cwd, env, encoding: "utf8" });
  if (r.status !== 0 && !args.includes("wrong-secret")) throw new Error(`send ${args.join(" ")}: ${r.stderr}`);
}

const listen = await start(["listen", "--port", "0", "--secret", SECRET], /receiving webhooks at (http:\/\/[^\s/]+)/);
const to = `${listen.match[1]}/`;
const inspect = await start(["inspect", "--port", "0", "--replay-to", `listener=${to}`, "--secret", SECRET], /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  send("--scenario", "zubie-trip", "--secret", SECRET, "--to", to);
  send("--scenario", "uber-shift", "--secret", SECRET, "--to", to);
  send("--scenario", "automatic-drive", "--to", to);
  send("--fixture", "events-push/overspeed", "--to", to);
  send("--fixture", "zubie/trip_end", "--secret", "wrong-secret", "--to", to);
  send("--fixture", "uber/driver_online", "--secret", SECRET, "--to", to, "--as-is");
  send("--fixture", "uber/driver_online", "--secret", SECRET, "--to", to, "--as-is");

  const context = await browser.newContext({ viewport: { width: 1440, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(inspect.match[1]);
  await page.waitForSelector("#live.on");
  await page.waitForFunction(() => document.querySelectorAll("#rows tr").length >= 20);
  await page.waitForTimeout(600); // the summary strip's refresh
  await page.screenshot({ path: join(DOCS, "inspector-list.png") });

  await page.locator("#rows tr", { hasText: "bad signature" }).first().click();
  await page.locator("#detail .diagnosis").waitFor();
  await page.screenshot({ path: join(DOCS, "inspector-detail.png") });

  await page.keyboard.press("Escape");
  await page.selectOption("#f-provider", "zubie");
  await page.click("#tab-map");
  await page.waitForSelector("#map circle.mark");
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(DOCS, "inspector-map.png") });
  await context.close();
  console.error(`wrote ${["list", "detail", "map"].map((n) => `docs/inspector-${n}.png`).join(", ")}`);
} finally {
  await browser.close();
  inspect.child.kill("SIGINT");
  listen.child.kill("SIGINT");
  await Promise.all([inspect.child, listen.child].map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once("exit", r)))));
  rmSync(cwd, { recursive: true, force: true });
}
