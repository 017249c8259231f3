import type { ConsumerGroupLagV1 } from '@tributary/contracts';
import { LagTrend } from './lag-trend';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));

describe('LagTrend', () => {
  it('keeps each group’s samples oldest first, at most maxSamples', () => {
    const trend = new LagTrend(3);
    [5, 7, 9, 4].forEach((lag, i) => trend.record([{ group: 'g', topic: 't', lag }], at(i)));
    expect(trend.of('g', 't')).toEqual([
      { at: at(1).toISOString(), lag: 7 },
      { at: at(2).toISOString(), lag: 9 },
      { at: at(3).toISOString(), lag: 4 },
    ]);
  });

  it('keeps a group’s trend per topic, and forgets a group missing from a sample', () => {
    const trend = new LagTrend(10);
    trend.record(
      [
        { group: 'g', topic: 'a', lag: 1 },
        { group: 'g', topic: 'b', lag: 2 },
        { group: 'h', topic: 'a', lag: 3 },
      ],
      at(0),
    );
    trend.record([{ group: 'g', topic: 'a', lag: 4 }], at(1));
    expect(trend.of('g', 'a').map(({ lag }) => lag)).toEqual([1, 4]);
    expect(trend.of('g', 'b')).toEqual([]);
    expect(trend.of('h', 'a')).toEqual([]);
  });

  it('fills the trend of an overview’s groups', () => {
    const trend = new LagTrend(10);
    trend.record([{ group: 'g', topic: 't', lag: 2 }], at(0));
    const group: ConsumerGroupLagV1 = {
      group: 'g',
      topic: 't',
      state: 'Stable',
      members: 1,
      lag: 0,
      partitions: [],
      trend: [],
    };
    expect(trend.withTrend([group])[0]?.trend).toEqual([{ at: at(0).toISOString(), lag: 2 }]);
  });

  it('refuses a sample count below 2', () => {
    expect(() => new LagTrend(1)).toThrow(RangeError);
  });
});
