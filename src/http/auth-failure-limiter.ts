/**
 * Failed authentications per client address in fixed one-minute windows. An address that failed `limit`
 * times is refused (429) before its key is even looked up until its window ends, so nobody can try keys
 * at full speed; only failures count, so clients with valid keys are never slowed down by this.
 * In memory, per API process; at most MAX_ADDRESSES addresses are tracked (the oldest are forgotten first).
 */
const WINDOW_MS = 60_000;
const MAX_ADDRESSES = 50_000;

export class AuthFailureLimiter {
  private readonly windows = new Map<string, { failures: number; endsAt: number }>();

  constructor(private readonly limit: number) {}

  /** Seconds until the address may try again, or 0 when it may try now. */
  retryAfterSeconds(address: string, now: number): number {
    const w = this.windows.get(address);
    if (!w) return 0;
    if (w.endsAt <= now) {
      this.windows.delete(address);
      return 0;
    }
    return w.failures >= this.limit ? Math.ceil((w.endsAt - now) / 1000) : 0;
  }

  recordFailure(address: string, now: number): void {
    const w = this.windows.get(address);
    if (w && w.endsAt > now) {
      w.failures += 1;
      return;
    }
    this.windows.delete(address);
    if (this.windows.size >= MAX_ADDRESSES) this.forgetOldest(now);
    this.windows.set(address, { failures: 1, endsAt: now + WINDOW_MS });
  }

  /** Windows are inserted in the order they end, so the expired and the oldest ones are at the front. */
  private forgetOldest(now: number): void {
    for (const [address, w] of this.windows) {
      if (w.endsAt > now && this.windows.size < MAX_ADDRESSES) break;
      this.windows.delete(address);
      if (w.endsAt > now) break;
    }
  }
}
