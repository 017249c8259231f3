import { z } from 'zod';
import { DOCUMENT_CHANGE_LIMITS } from './document-change.v1';

/** Redis streams the gateway appends to and the fine-tune jobs read (renaming one is a migration). */
export const QUERY_LOG_STREAM = 'tributary:query-log';
export const FEEDBACK_STREAM = 'tributary:feedback';

export const feedbackLabels = ['click', 'thumbs_up', 'thumbs_down'] as const;

/** Graded relevance, as in TREC qrels: 0 irrelevant … 3 perfectly relevant. */
export const RELEVANCE_GRADE_MAX = 3;

/** `POST /v1/feedback`: what a user did with one hit of one query. */
export const feedbackRequestV1Schema = z.strictObject({
  queryId: z.uuid().describe('The `queryId` of the search the hit came from.'),
  source: z.string().min(1).max(DOCUMENT_CHANGE_LIMITS.sourceMaxLength),
  docId: z.string().min(1).max(DOCUMENT_CHANGE_LIMITS.docIdMaxLength),
  label: z
    .union([z.enum(feedbackLabels), z.number().int().min(0).max(RELEVANCE_GRADE_MAX)])
    .describe('What the user did, or a graded relevance: 0 irrelevant … 3 perfectly relevant.'),
});

export type FeedbackRequestV1 = z.infer<typeof feedbackRequestV1Schema>;

/** 202 once the feedback is stored durably. */
export const feedbackResponseV1Schema = z.object({ feedbackId: z.string() });
export type FeedbackResponseV1 = z.infer<typeof feedbackResponseV1Schema>;

/** A logged query as the fine-tune jobs read it. */
export interface QueryLogEntryV1 {
  queryId: string;
  tenant: string;
  keyId: string;
  query: string;
  mode: string;
  /** 1 for a first page; later pages of the same query get their own queryId. */
  page: number;
  hits: Array<{ source: string; docId: string }>;
  latencyMs: number;
  at: string;
}

/** A stored feedback event as the fine-tune jobs read it. */
export interface FeedbackEntryV1 extends FeedbackRequestV1 {
  feedbackId: string;
  tenant: string;
  keyId: string;
  query: string;
  at: string;
}
