import { rateLimitPolicy } from './rate-limiter';

describe('rate limit policy', () => {
  it('spaces requests evenly over the minute and allows 10 s worth at once', () => {
    expect(rateLimitPolicy(600)).toEqual({ intervalMs: 100, burst: 100 });
    expect(rateLimitPolicy(60)).toEqual({ intervalMs: 1000, burst: 10 });
    expect(rateLimitPolicy(1_000_000)).toEqual({ intervalMs: 0.06, burst: 166_666 });
  });

  it('always allows at least one request at once, however low the limit', () => {
    expect(rateLimitPolicy(1)).toEqual({ intervalMs: 60_000, burst: 1 });
    expect(rateLimitPolicy(11)).toMatchObject({ burst: 1 });
    expect(rateLimitPolicy(12)).toMatchObject({ burst: 2 });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a limit of %p', (limit) => {
    expect(() => rateLimitPolicy(limit)).toThrow(RangeError);
  });
});
