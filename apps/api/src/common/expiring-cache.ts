// A small map whose entries expire; used to skip a database lookup per request for credentials
// that were verified moments ago.
//
// A lookup that raced an invalidation must not put back what it read before it: take `stamp`
// before reading the database and pass it to `set`, which then stores nothing if any entry was
// dropped meanwhile (here, or by another API process's invalidation arriving).
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  private dropped = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  /** Changes whenever an entry is dropped on purpose (delete, deleteWhere, clear). */
  get stamp(): number {
    return this.dropped;
  }

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    if (hit) this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, stamp?: number): void {
    if (stamp !== undefined && stamp !== this.dropped) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, until: Date.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.dropped++;
    this.entries.delete(key);
  }

  deleteWhere(matches: (value: V) => boolean): void {
    this.dropped++;
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
  }

  clear(): void {
    this.dropped++;
    this.entries.clear();
  }
}
