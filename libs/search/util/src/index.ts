export * from './reciprocal-rank-fusion';
