import { partitionLag } from './consumer-lag.reader';

describe('partitionLag', () => {
  const offsets = { partition: 1, earliest: 10, end: 25 };

  it('is end − committed for a group that committed within the retained log', () => {
    expect(partitionLag(offsets, 20)).toEqual({ partition: 1, committed: 20, end: 25, lag: 5 });
  });

  it('is the whole retained partition when the group never committed', () => {
    expect(partitionLag(offsets, -1)).toEqual({ partition: 1, committed: -1, end: 25, lag: 15 });
  });

  it('counts only what is left to read when retention deleted past the commit', () => {
    expect(partitionLag(offsets, 4)).toEqual({ partition: 1, committed: 4, end: 25, lag: 15 });
  });

  it('is 0 for a group at the end', () => {
    expect(partitionLag(offsets, 25).lag).toBe(0);
  });
});
