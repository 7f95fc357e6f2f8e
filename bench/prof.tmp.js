import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
const { default: autocannon } = await import("autocannon");
const SECRET = "bench-app-secret";
const dir = mkdtempSync(join(tmpdir(), "prof-"));
const now = new Date();
const iso = (d) => d.toISOString().replace("Z", "+00:00").replace(/\.\d+/, "");
const template = JSON.stringify({ user_id: "vxXDeLFxMPHEUfNcG8BmLB", account_id: "CrTLZuPfq8T4SG4UKWKqKV", user_key: "sample_user_key", account_key: "sample_account_key", timestamp: iso(now), event: "trip_end",
  car: { battery_level: 11.8, vin: "5FNRL38249B044393", longitude: -79.7709333333, key: "sample_car_key", latitude: 32.8544866667, fuel_level: 43, nickname: "HO787189", id: "uZzLznvZLk8" },
  trip: { speeding_city_minor_count: null, ended_timestamp: iso(now), idle_time: 0, fuel_cost_currency_code: "USD", ended_latitude: 32.8544833333, points_hwy_count: null, hard_brakes: 0, id: "TRIP_ID", speeding_hwy_major_count: null, fuel_cost: 2.54, rapid_accels: 0, speeding_hwy_minor_count: null, started_longitude: null, ended_longitude: -79.77094, max_speed: 52.81642006543949, started_address: null, key: "sample_trip_key", distance: 14.369830191680585, points_city_count: null, started_timestamp: iso(new Date(now.getTime() - 35 * 60_000)), speeding_city_major_count: null, ended_address: null, started_latitude: null } });
const [before, after] = template.split("TRIP_ID");
let seq = 0;
const nextRequest = (req) => { const body = `${before}${process.pid}-${++seq}${after}`; return { ...req, method: "POST", body, headers: { "content-type": "application/json", "zubie-signature": createHmac("sha256", SECRET).update(body).digest("base64") } }; };
const out = openSync(join(dir, "out"), "w");
const args = [...(process.env.PROF ? ["--cpu-prof", "--cpu-prof-dir=" + process.env.PROF] : []), process.argv[2] ?? "/work/main/bin/telematics.js", "listen", "--port", "0", "--provider", "auto", "--secret", SECRET, "--log", join(dir, "l.ndjson"), "--no-color"];
const child = spawn(process.execPath, args, { stdio: ["ignore", out, "pipe"], cwd: dir });
let err = "";
const port = await new Promise((res) => child.stderr.on("data", (d) => { err += d; const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(err); if (m) res(Number(m[1])); }));
const r = await autocannon({ url: `http://127.0.0.1:${port}/`, connections: 32, duration: Number(process.env.DURATION ?? 5), requests: [{ setupRequest: nextRequest }] });
console.log("req/s", r.requests.average, "non2xx", r.non2xx);
await new Promise((res) => { child.once("exit", res); child.kill("SIGINT"); });
