/**
 * Moving a payload's timestamps, from the one time module (src/core/time.ts), where the reader
 * and the shifter share one parser; kept at this path for its importers.
 */
export { isoToMs, shiftIso, shiftTimes } from "../time.js";
