/** Options a web connector cannot work with (a bad URL, a sitemap on another origin). */
export class InvalidWebOptionsError extends Error {
  override readonly name = 'InvalidWebOptionsError';
}

/** The site cannot be crawled at all this pass (start URL or robots.txt unreachable); nothing may be concluded from it. */
export class WebSourceUnreachableError extends Error {
  override readonly name = 'WebSourceUnreachableError';
}
