export * from './fused-item';
export * from './linear-fusion';
export * from './reciprocal-rank-fusion';
