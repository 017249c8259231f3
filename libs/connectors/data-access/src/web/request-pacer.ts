/** Spaces request starts at least `intervalMs` apart, however many requests run at once (robots.txt Crawl-delay). */
export class RequestPacer {
  private nextStart = 0;

  constructor(private readonly intervalMs = 0) {}

  async wait(): Promise<void> {
    if (this.intervalMs <= 0) return;
    const now = Date.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + this.intervalMs;
    if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
  }
}
