// Adam (Kingma & Ba, 2015) over one flat parameter buffer.

export interface AdamSettings {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class AdamOptimizer {
  private readonly firstMoment: Float64Array;
  private readonly secondMoment: Float64Array;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly learningRate: number;
  private steps = 0;

  constructor(size: number, { learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 }: AdamSettings) {
    this.firstMoment = new Float64Array(size);
    this.secondMoment = new Float64Array(size);
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /** One update of params in place, with bias-corrected moments. */
  step(params: Float64Array, gradient: Float64Array): void {
    this.steps++;
    const { beta1, beta2, epsilon, firstMoment: m, secondMoment: v } = this;
    const stepSize = (this.learningRate * Math.sqrt(1 - beta2 ** this.steps)) / (1 - beta1 ** this.steps);
    const correctedEpsilon = epsilon * Math.sqrt(1 - beta2 ** this.steps);
    for (let i = 0; i < params.length; i++) {
      const g = gradient[i] ?? 0;
      const mi = beta1 * (m[i] ?? 0) + (1 - beta1) * g;
      const vi = beta2 * (v[i] ?? 0) + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] = (params[i] ?? 0) - (stepSize * mi) / (Math.sqrt(vi) + correctedEpsilon);
    }
  }
}
