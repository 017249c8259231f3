/**
 * The operator group's next committed offset for a DLQ partition: the first
 * offset at or after `start` that is not handled, or `high` if all are. DLQ
 * offsets are contiguous (no compaction, no transactions), so every offset
 * below `high` holds a letter.
 */
export function nextWatermark(start: bigint, high: bigint, isHandled: (offset: bigint) => boolean): bigint {
  let watermark = start;
  while (watermark < high && isHandled(watermark)) watermark++;
  return watermark;
}
