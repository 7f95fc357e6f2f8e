/**
 * The deliveries seen recently, for duplicate detection with bounded memory: dedupe key → when it
 * was first received, for the last `capacity` distinct keys (first in, first out). A listener that
 * runs for days stays the same size.
 *
 * A ring of keys beside the map, rather than the map's own insertion order: deleting a Map's oldest
 * key again and again leaves holes at its start that every later `keys().next()` walks over.
 */
export class RecentDeliveries {
  /** Key → its slot in the ring. */
  private readonly keys = new Map<string, number>();
  private readonly ring: (string | undefined)[];
  /** The first receipt time of the key in each slot. */
  private readonly times: (string | undefined)[];
  private next = 0;

  constructor(readonly capacity = 20_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError("capacity must be a positive integer");
    this.ring = new Array<string | undefined>(capacity);
    this.times = new Array<string | undefined>(capacity);
  }

  /** When the delivery with this key was first received (ISO time), or undefined. */
  get(key: string): string | undefined {
    const slot = this.keys.get(key);
    return slot === undefined ? undefined : this.times[slot];
  }

  /**
   * One lookup for the common case: the first time of a known key, or undefined after remembering
   * this one as new (get + remember, with one map lookup fewer). A slot always holds a key that is
   * in the map (forget empties the slot), so evicting the oldest needs no check.
   */
  seen(key: string, receivedAt: string): string | undefined {
    const slot = this.keys.get(key);
    if (slot !== undefined) return this.times[slot];
    const next = this.next;
    const old = this.ring[next];
    if (old !== undefined) this.keys.delete(old);
    this.ring[next] = key;
    this.times[next] = receivedAt;
    this.keys.set(key, next);
    this.next = next + 1 === this.capacity ? 0 : next + 1;
    return undefined;
  }

  /**
   * Forgets a delivery remembered at `receivedAt` (its answer could not be given after all, e.g. the
   * event log could not be written): the sender's retry is then not a duplicate.
   */
  forget(key: string, receivedAt: string): void {
    const slot = this.keys.get(key);
    if (slot === undefined || this.times[slot] !== receivedAt) return;
    this.keys.delete(key);
    this.ring[slot] = undefined;
    this.times[slot] = undefined;
  }

  /** Remembers a delivery (keeps the first time if the key is already known); forgets the oldest beyond capacity. */
  remember(key: string, receivedAt: string): void {
    this.seen(key, receivedAt);
  }

  get size(): number {
    return this.keys.size;
  }
}
