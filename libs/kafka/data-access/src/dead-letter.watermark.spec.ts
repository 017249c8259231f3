import { nextWatermark } from './dead-letter.watermark';

describe('nextWatermark', () => {
  const handled =
    (...offsets: number[]) =>
    (offset: bigint) =>
      offsets.includes(Number(offset));

  it('moves past the leading run of handled letters and stops at the first pending one', () => {
    expect(nextWatermark(5n, 10n, handled(5, 6, 8))).toBe(7n);
  });

  it('stays put when the first letter is pending, whatever is handled after it', () => {
    expect(nextWatermark(5n, 10n, handled(6, 7, 8, 9))).toBe(5n);
  });

  it('reaches the high watermark, and not beyond, when every letter is handled', () => {
    expect(nextWatermark(5n, 8n, handled(5, 6, 7, 8, 9))).toBe(8n);
  });
});
