import { AdamOptimizer } from './adam-optimizer';

describe('AdamOptimizer', () => {
  it('moves each parameter by the learning rate against its gradient sign on the first step', () => {
    // Bias correction makes the first step exactly lr · g / |g| (up to ε), whatever the gradient's scale.
    const params = Float64Array.from([1, 1, 1]);
    new AdamOptimizer(3, { learningRate: 0.1 }).step(params, Float64Array.from([1000, -0.001, 0]));
    expect(params[0]).toBeCloseTo(0.9, 6);
    expect(params[1]).toBeCloseTo(1.1, 4);
    expect(params[2]).toBe(1);
  });

  it('minimises a badly scaled quadratic', () => {
    // f(x, y) = 100 x² + 0.01 y², from (1, 1): plain gradient descent with one rate cannot handle both.
    const params = Float64Array.from([1, 1]);
    const optimizer = new AdamOptimizer(2, { learningRate: 0.05 });
    const gradient = new Float64Array(2);
    for (let i = 0; i < 2000; i++) {
      gradient[0] = 200 * params[0]!;
      gradient[1] = 0.02 * params[1]!;
      optimizer.step(params, gradient);
    }
    expect(Math.abs(params[0]!)).toBeLessThan(1e-2);
    expect(Math.abs(params[1]!)).toBeLessThan(1e-2);
  });
});
