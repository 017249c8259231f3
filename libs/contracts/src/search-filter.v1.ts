import { z } from 'zod';
import { DOCUMENT_CHANGE_LIMITS, metadataKeySchema } from './document-change.v1';

/** Limits of a search filter (documented in ARCHITECTURE.md and enforced here). */
export const SEARCH_FILTER_LIMITS = {
  valuesMax: 64,
  metadataFieldsMax: 16,
} as const;

/** A calendar date or an ISO-8601 date-time with an offset: what a date range compares. */
const isoDate = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  // What Elasticsearch's date parser takes: at most 9 fraction digits, offsets within ±18:00.
  .refine((value) => !/\.\d{10,}/.test(value), 'at most 9 fraction digits')
  .refine((value) => !/[+-](1[89]:[0-5]\d|[2-9]\d:\d\d)$/.test(value) || /[+-]18:00$/.test(value), {
    message: 'offsets lie within ±18:00',
  });

const bound = z.union([z.number().finite(), isoDate]);

/** `{ gte?, gt?, lte?, lt? }`: numbers compare as numbers, ISO dates as instants. */
export const metadataRangeV1Schema = z
  .strictObject({ gte: bound.optional(), gt: bound.optional(), lte: bound.optional(), lt: bound.optional() })
  .refine((range) => Object.values(range).some((value) => value !== undefined), 'a range needs a bound')
  .refine((range) => new Set(Object.values(range).map((value) => typeof value)).size === 1, {
    message: 'a range compares numbers or dates, not both',
  });

export type MetadataRangeV1 = z.infer<typeof metadataRangeV1Schema>;

const scalar = z.union([z.string().max(4096), z.number().finite(), z.boolean()]);

/** A metadata condition: one value, any of several values, or a range. */
export const metadataConditionV1Schema = z.union([
  scalar,
  z.array(scalar).min(1).max(SEARCH_FILTER_LIMITS.valuesMax),
  metadataRangeV1Schema,
]);

export type MetadataConditionV1 = z.infer<typeof metadataConditionV1Schema>;

const source = z.string().min(1).max(DOCUMENT_CHANGE_LIMITS.sourceMaxLength);

/** Applied inside both retrievers (the kNN filter, not a post-filter), so topK stays full. */
export const searchFilterV1Schema = z.strictObject({
  source: z
    .union([source, z.array(source).min(1).max(SEARCH_FILTER_LIMITS.valuesMax)])
    .optional()
    .describe('One source, or any of several.'),
  uriPrefix: z
    .string()
    .min(1)
    .max(DOCUMENT_CHANGE_LIMITS.uriMaxLength)
    .optional()
    .describe('Only documents whose `uri` starts with this.'),
  metadata: z
    .record(metadataKeySchema, metadataConditionV1Schema)
    .refine((m) => Object.keys(m).length <= SEARCH_FILTER_LIMITS.metadataFieldsMax, {
      message: `at most ${SEARCH_FILTER_LIMITS.metadataFieldsMax} metadata fields`,
    })
    .optional()
    .describe(
      `Per metadata key (at most ${SEARCH_FILTER_LIMITS.metadataFieldsMax}): a value, any of several values, ` +
        'or a range `{gte, gt, lte, lt}` of numbers or ISO-8601 dates.',
    ),
});

export type SearchFilterV1 = z.infer<typeof searchFilterV1Schema>;
