/** The time formatter, from the one time module (src/core/time.ts); kept at this path for its importers. */
export { isoFormatter, isoTime, utcMs } from "./time.js";
