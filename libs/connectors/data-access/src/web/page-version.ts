/**
 * Versions of web pages. A Last-Modified time has whole seconds, so its epoch
 * ms are a multiple of 1000; a content hash is made odd, so it never is. A
 * checkpoint's sourceVersion thus tells which it holds, and only a
 * Last-Modified one becomes an If-Modified-Since.
 */

import { createHash } from 'node:crypto';
import type { Checkpoint } from '../checkpoint.repository';

/** The Last-Modified header as a date, if present and valid. */
export function lastModifiedOf(headers: Headers): Date | undefined {
  const value = headers.get('last-modified');
  if (!value) return undefined;
  const at = new Date(value);
  const ms = at.getTime();
  return Number.isNaN(ms) || ms < 0 ? undefined : new Date(Math.floor(ms / 1000) * 1000);
}

/** Last-Modified in epoch ms, else an odd 48-bit number from the sha256 of the page's title and text. */
export function pageVersion(lastModified: Date | undefined, title: string, body: string): number {
  if (lastModified) return lastModified.getTime();
  const hash = createHash('sha256').update(title).update('\0').update(body).digest().readUIntBE(0, 6);
  return hash % 2 === 0 ? hash + 1 : hash;
}

export function isLastModifiedVersion(version: number): boolean {
  return version % 1000 === 0;
}

/** If-None-Match from the stored ETag, If-Modified-Since from a Last-Modified version. */
export function conditionalHeaders(checkpoint: Checkpoint | undefined): Record<string, string> {
  if (!checkpoint) return {};
  const headers: Record<string, string> = {};
  if (checkpoint.validator) headers['if-none-match'] = checkpoint.validator;
  if (isLastModifiedVersion(checkpoint.sourceVersion))
    headers['if-modified-since'] = new Date(checkpoint.sourceVersion).toUTCString();
  return headers;
}
