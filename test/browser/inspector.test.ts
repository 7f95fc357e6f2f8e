/// <reference lib="dom" />
/**
 * The inspector page in real Chromium: `listen` writes a log in one process, `inspect` follows it
 * in another, and the page shows what arrives, live.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureBytes, post, startListen, type Listener } from "../helpers/listen-server.js";
import { startProc, type Proc } from "../helpers/main.js";
import { launch, type Browser } from "./chromium.js";

const SECRET = "browser-test-secret";
const zubieHeaders = (body: string | Buffer, secret = SECRET) => ({ "content-type": "application/json", "zubie-signature": createHmac("sha256", secret).update(body).digest("base64") });
const uberHeaders = (body: string | Buffer) => ({ "content-type": "application/json", "x-uber-signature": createHmac("sha256", SECRET).update(body).digest("hex") });

let listener: Listener;
let inspect: Proc;
let browser: Browser;
let url: string;

const rows = () => browser.page.locator("#rows tr");
const rowCount = () => rows().count();
async function waitRows(n: number): Promise<void> {
  await browser.page.waitForFunction((want) => document.querySelectorAll("#rows tr").length === want, n, { timeout: 10_000 });
}
const send = (body: string | Buffer, headers: Record<string, string>) => post(`${listener.origin}/`, body, headers);

beforeAll(async () => {
  listener = await startListen(["--secret", SECRET]);
  inspect = startProc(["inspect", listener.logPath, "--port", "0", "--replay-to", `listener=${listener.origin}/`, "--secret", SECRET], { cwd: listener.cwd });
  await inspect.waitFor(({ stderr }) => stderr.includes("Ctrl-C to stop."));
  url = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(inspect.stderr())![1]!;
  browser = await launch();
  await browser.page.goto(url);
  await browser.page.waitForSelector("#live.on");
}, 60_000);

afterAll(async () => {
  await browser?.close();
  inspect?.kill("SIGINT");
  await inspect?.exit();
  await listener?.stop();
}, 30_000);

describe("the inspector page", { timeout: 30_000 }, () => {
  it("signs in with the URL's token and drops it from the address bar", () => {
    expect(browser.page.url()).toBe(new URL("/", url).href);
  });

  it("shows rows live as listen logs them, newest first", async () => {
    expect(await rowCount()).toBe(0);
    const trip = fixtureBytes("zubie/trip_end").toString("utf8").replaceAll("HO787189", "VAN-42");
    await send(trip, zubieHeaders(trip));
    await waitRows(1);
    const uber = fixtureBytes("uber/driver_online");
    await send(uber, uberHeaders(uber));
    const auto = fixtureBytes("automatic/trip_finished");
    await send(auto, { "content-type": "application/json" });
    await waitRows(3);
    const firstCells = await rows().nth(0).locator("td").allTextContents();
    expect(firstCells[1]).toBe("automatic");
    expect(firstCells[2]).toBe("trip:finished");
    expect(await rows().nth(2).textContent()).toContain("VAN-42");
    expect(await rows().nth(2).textContent()).toContain("✔ verified");
    // The summary strip follows.
    await browser.page.waitForFunction(() => document.getElementById("summary")!.textContent!.includes("3 events"));
  });

  it("opens a bad signature's detail with its diagnosis", async () => {
    const body = fixtureBytes("zubie/trip_start");
    await send(body, zubieHeaders(body, "the-wrong-secret"));
    await waitRows(4);
    await rows().nth(0).click();
    const detail = browser.page.locator("#detail");
    await detail.locator(".diagnosis").waitFor();
    expect(await detail.locator(".verdict").textContent()).toContain("✖ bad signature");
    expect(await detail.locator(".verdict code").textContent()).toBe("mismatch");
    expect(await detail.locator(".diagnosis").textContent()).toMatch(/Zubie-Signature does not match the body with the secret given/);
    // The raw body exactly as received, as text.
    expect(await detail.locator("#body-raw").textContent()).toBe(body.toString("utf8"));
    expect(await detail.locator(".factline").textContent()).toContain("→ 401");
  });

  it("narrows the list with a filter and with a text search, both kept in the URL", async () => {
    await browser.page.selectOption("#f-provider", "uber");
    await waitRows(1);
    expect(await rows().nth(0).textContent()).toContain("REALTIME_DRIVER_STATUS_CHANGE");
    expect(browser.page.url()).toContain("provider=uber");
    await browser.page.selectOption("#f-provider", "");
    await waitRows(4);
    await browser.page.fill("#f-q", "van-42");
    await waitRows(1);
    expect(await rows().nth(0).textContent()).toContain("VAN-42");
    expect(browser.page.url()).toContain("q=van-42");
    await browser.page.fill("#f-event", "!trip_*");
    await waitRows(0);
    expect(await browser.page.locator("#empty").textContent()).toBe("No event matches these filters.");
    // A reload keeps the filters.
    await browser.page.reload();
    await browser.page.waitForSelector("#live.on");
    expect(await browser.page.inputValue("#f-q")).toBe("van-42");
    expect(await browser.page.inputValue("#f-event")).toBe("!trip_*");
    await browser.page.fill("#f-q", "");
    await browser.page.fill("#f-event", "");
    await waitRows(4);
  });

  it("replays an event to the listener: a new row arrives (the same bytes, so a duplicate)", async () => {
    const before = await rowCount();
    await rows().filter({ hasText: "VAN-42" }).click();
    await browser.page.locator("#replay").waitFor();
    await browser.page.click("#replay");
    await browser.page.waitForFunction(() => /→ listener: 200/.test(document.getElementById("replay-result")!.textContent!));
    await waitRows(before + 1);
    const newest = await rows().nth(0).textContent();
    expect(newest).toContain("trip_end");
    expect(newest).toContain("✔ verified");
    expect(newest).toContain("dup");
  });

  it("edit-and-replay re-signs the edited body, and the listener verifies it", async () => {
    const before = await rowCount();
    await rows().filter({ hasText: "VAN-42" }).nth(0).click();
    await browser.page.click("#edit");
    const edited = (await browser.page.inputValue("#edit-body")).replaceAll("VAN-42", "EDITED-7");
    await browser.page.fill("#edit-body", edited);
    await browser.page.click("#send-edited");
    await browser.page.waitForFunction(() => /→ listener: 200 .*edited, re-signed/.test(document.getElementById("replay-result")!.textContent!));
    await waitRows(before + 1);
    const newest = await rows().nth(0).textContent();
    expect(newest).toContain("EDITED-7");
    expect(newest).toContain("✔ verified");
    const logged = listener.records().at(-1)!;
    expect(logged.body).toBe(edited);
    expect(logged.verification).toMatchObject({ verdict: "valid" });
  });

  it("copies a replay as curl with the record's headers", async () => {
    await rows().filter({ hasText: "VAN-42" }).nth(0).click();
    await browser.page.click("#copy-curl");
    const curl = (await browser.page.locator("#curl").textContent())!;
    expect(curl).toMatch(new RegExp(`^curl -X POST '${listener.origin}/' `));
    expect(curl).toContain("-H 'zubie-signature: ");
    expect(curl).not.toContain(SECRET);
  });

  it("draws one mark per position on the map, and a mark opens its event", async () => {
    await browser.page.click("#tab-map");
    await browser.page.waitForSelector("#map circle.mark");
    const points = await browser.page.evaluate(async () => ((await (await fetch("/api/positions")).json()) as { points: { id: number; role: string }[] }).points);
    expect(points.length).toBeGreaterThanOrEqual(5);
    expect(await browser.page.locator("#map circle.mark").count()).toBe(points.length);
    // Automatic's trip is a start → end segment.
    expect(points.filter((p) => p.role === "start").length).toBeGreaterThan(0);
    expect(await browser.page.locator("#map line.trip").count()).toBe(new Set(points.filter((p) => p.role === "start").map((p) => p.id)).size);
    expect(await browser.page.locator("#map .scale text").textContent()).toMatch(/^\d+ (m|km)$/);
    // The last mark drawn is on top of any other at the same place: a real click reaches it.
    const mark = browser.page.locator("#map circle.mark").last();
    const id = await mark.getAttribute("data-id");
    await mark.click();
    await browser.page.waitForFunction((want) => document.querySelector("#detail .factline")?.textContent?.startsWith(`#${want} `), id);
    // A single place shows its coordinates.
    await browser.page.selectOption("#f-provider", "uber");
    await browser.page.waitForFunction(() => document.querySelectorAll("#map circle.mark").length === 1);
    expect(await browser.page.locator("#map .map-label").textContent()).toMatch(/^-?\d+\.\d{5}, -?\d+\.\d{5}$/);
    await browser.page.selectOption("#f-provider", "");
    await browser.page.click("#tab-list");
    await waitRows(6);
  });

  it("moves with j/k and the arrows, opens with Enter, focuses search with /", async () => {
    await browser.page.keyboard.press("Escape"); // close the detail
    await browser.page.locator("#detail").waitFor({ state: "hidden" });
    await browser.page.locator("body").click({ position: { x: 5, y: 400 } });
    const selectedId = () => browser.page.locator("#rows tr.selected").getAttribute("data-id");
    const ids = await rows().evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-id")));
    await browser.page.keyboard.press("k"); // to the top
    await browser.page.keyboard.press("k");
    expect(await selectedId()).toBe(ids[0]);
    await browser.page.keyboard.press("j");
    await browser.page.keyboard.press("ArrowDown");
    expect(await selectedId()).toBe(ids[2]);
    await browser.page.keyboard.press("ArrowUp");
    expect(await selectedId()).toBe(ids[1]);
    await browser.page.keyboard.press("Enter");
    await browser.page.waitForFunction((want) => document.querySelector("#detail .factline")?.textContent?.startsWith(`#${want} `), ids[1]);
    // With the detail open, j moves and opens the next one.
    await browser.page.keyboard.press("j");
    await browser.page.waitForFunction((want) => document.querySelector("#detail .factline")?.textContent?.startsWith(`#${want} `), ids[2]);
    await browser.page.keyboard.press("/");
    expect(await browser.page.evaluate(() => document.activeElement?.id)).toBe("f-q");
  });

  it("ran without errors in the page (CSP violations included)", () => {
    expect(browser.errors).toEqual([]);
  });

  it("asks a browser without the cookie to open the printed URL", async () => {
    const other = await launch();
    try {
      await other.page.goto(new URL("/", url).href);
      await other.page.locator("#signin").waitFor();
      expect(await other.page.locator("#signin").textContent()).toContain("Open the URL that telematics inspect printed");
      expect(await other.page.locator("#rows tr").count()).toBe(0);
    } finally {
      await other.close();
    }
  });
});
