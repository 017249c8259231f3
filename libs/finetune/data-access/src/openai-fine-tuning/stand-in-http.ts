/** Reading a multipart upload and writing a JSON answer, for the stand-in. */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { StandInAnswer } from './stand-in-api-objects';
import type { StandInUpload } from './stand-in-fine-tuning-routes';

export async function readUpload(headers: IncomingHttpHeaders, raw: Buffer): Promise<StandInUpload> {
  // The fetch API's own multipart parser, so the stand-in needs no dependency.
  const form = await new Response(raw, {
    headers: { 'content-type': headers['content-type'] ?? '' },
  }).formData();
  const purpose = form.get('purpose');
  const file = form.get('file');
  const isFile = typeof file === 'object' && file !== null;
  return {
    purpose: typeof purpose === 'string' ? purpose : undefined,
    filename: isFile ? file.name : undefined,
    content: isFile ? await file.text() : undefined,
  };
}

export function send(response: ServerResponse, answer: StandInAnswer): void {
  if (response.destroyed || response.headersSent) return;
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(text);
}
