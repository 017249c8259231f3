/** The pages of one pass: each URL requested at most once, and at most `maxPages` of them. */
export class CrawlFrontier {
  private readonly claimed = new Set<string>();
  private admitted = 0;

  constructor(private readonly maxPages: number) {}

  /** Takes a page into the pass unless it is in already or the page budget is spent. */
  admit(url: URL): boolean {
    if (this.claimed.has(url.href) || this.admitted >= this.maxPages) return false;
    this.claimed.add(url.href);
    this.admitted++;
    return true;
  }

  /** Takes a redirect's target into the pass unless it is in already; the redirecting page spent the budget. */
  claimRedirectTarget(url: URL): boolean {
    if (this.claimed.has(url.href)) return false;
    this.claimed.add(url.href);
    return true;
  }
}
