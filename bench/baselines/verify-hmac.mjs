// Baseline for bench/verify.bench.js: the minimal hand-written check a user would otherwise script.
// node verify-hmac.mjs BODY_FILE SECRET SIGNATURE → exit 0 when the base64 HMAC-SHA256 matches.
import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";

const [file, secret, signature] = process.argv.slice(2);
const expected = createHmac("sha256", secret).update(readFileSync(file)).digest();
const given = Buffer.from(signature, "base64");
const ok = given.length === expected.length && timingSafeEqual(given, expected);
console.error(ok ? "valid" : "invalid");
process.exitCode = ok ? 0 : 1;
