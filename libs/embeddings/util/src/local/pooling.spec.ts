import { normalise, poolEmbeddings } from './pooling';

describe('poolEmbeddings', () => {
  // Two inputs, three tokens, width two; the second input's last token is padding.
  const hidden = Float32Array.from([1, 0, 3, 0, 5, 0, /* second */ 0, 2, 0, 4, 9, 9]);
  const mask = [1, 1, 1, 1, 1, 0];

  it('mean-pools over the tokens the mask keeps, then normalises', () => {
    const [first, second] = poolEmbeddings(hidden, mask, [2, 3, 2], 'mean');
    expect(first).toEqual([1, 0]);
    expect(second).toEqual([0, 1]); // (0,2) and (0,4) average to (0,3); the padded (9,9) is ignored
  });

  it('takes the first (CLS) token for cls pooling', () => {
    const [first, second] = poolEmbeddings(hidden, mask, [2, 3, 2], 'cls');
    expect(first).toEqual([1, 0]);
    expect(second).toEqual([0, 1]);
  });

  it('reads bigint masks as ONNX Runtime returns them', () => {
    const [first] = poolEmbeddings(Float32Array.from([3, 4, 100, 100]), [1n, 0n], [1, 2, 2], 'mean');
    expect(first![0]).toBeCloseTo(0.6, 6);
    expect(first![1]).toBeCloseTo(0.8, 6);
  });

  it('leaves a zero vector as it is rather than dividing by zero', () => {
    expect(normalise([0, 0])).toEqual([0, 0]);
  });
});
