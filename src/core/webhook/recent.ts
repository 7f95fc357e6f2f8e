/**
 * The deliveries seen recently, for duplicate detection with bounded memory: dedupe key → when it
 * was first received, for the last `capacity` distinct keys (first in, first out). A listener that
 * runs for days stays the same size.
 *
 * A ring of keys beside the map, rather than the map's own insertion order: deleting a Map's oldest
 * key again and again leaves holes at its start that every later `keys().next()` walks over.
 */
export class RecentDeliveries {
  private readonly keys = new Map<string, string>();
  private readonly ring: (string | undefined)[];
  /** The time each ring slot remembered, so evicting a slot never drops a later entry of its key. */
  private readonly times: (string | undefined)[];
  private next = 0;

  constructor(readonly capacity = 20_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("capacity must be a positive integer");
    this.ring = new Array<string | undefined>(capacity);
    this.times = new Array<string | undefined>(capacity);
  }

  /** When the delivery with this key was first received (ISO time), or undefined. */
  get(key: string): string | undefined {
    return this.keys.get(key);
  }

  /**
   * One lookup for the common case: the first time of a known key, or undefined after remembering
   * this one as new (get + remember, with one map lookup fewer).
   */
  seen(key: string, receivedAt: string): string | undefined {
    const first = this.keys.get(key);
    if (first !== undefined) return first;
    const old = this.ring[this.next];
    if (old !== undefined && this.keys.get(old) === this.times[this.next]) this.keys.delete(old);
    this.ring[this.next] = key;
    this.times[this.next] = receivedAt;
    this.next = (this.next + 1) % this.capacity;
    this.keys.set(key, receivedAt);
    return undefined;
  }

  /**
   * Forgets a delivery remembered at `receivedAt` (its answer could not be given after all, e.g. the
   * event log could not be written): the sender's retry is then not a duplicate.
   */
  forget(key: string, receivedAt: string): void {
    if (this.keys.get(key) === receivedAt) this.keys.delete(key);
  }

  /** Remembers a delivery (keeps the first time if the key is already known); forgets the oldest beyond capacity. */
  remember(key: string, receivedAt: string): void {
    this.seen(key, receivedAt);
  }

  get size(): number {
    return this.keys.size;
  }
}
