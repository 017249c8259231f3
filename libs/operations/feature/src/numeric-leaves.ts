/**
 * The numbers in a nested record as flat dotted keys ({ scores: { holdout:
 * { ndcg10: 0.5 } } } → "scores.holdout.ndcg10"), for showing a stage's or a
 * model's metrics in one table. Arrays (per-epoch losses) are left out: a row
 * of numbers is not a metric.
 */
export function numericLeaves(value: unknown, maxDepth = 4): Record<string, number> | undefined {
  const leaves: Record<string, number> = {};
  const walk = (node: unknown, path: string, depth: number) => {
    if (typeof node === 'number' && Number.isFinite(node) && path) leaves[path] = node;
    if (typeof node !== 'object' || node === null || Array.isArray(node) || depth >= maxDepth) return;
    for (const [key, child] of Object.entries(node)) walk(child, path ? `${path}.${key}` : key, depth + 1);
  };
  walk(value, '', 0);
  return Object.keys(leaves).length > 0 ? leaves : undefined;
}
