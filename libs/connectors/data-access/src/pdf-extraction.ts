import { Worker } from 'node:worker_threads';
import type { ExtractedText } from './text-extraction';

/** Bounds on one PDF's parse: a hostile or huge file fails alone instead of stalling the run. */
export const PDF_PARSE_TIMEOUT_MS = 30_000;
export const PDF_PARSE_MAX_HEAP_MB = 256;
/** Parses at once per process, so memory stays bounded (2 × 256 MiB) however many PDFs are read together. */
export const PDF_PARSES_AT_ONCE = 2;

let running = 0;
const waiting: Array<() => void> = [];

async function withParseSlot<T>(work: () => Promise<T>): Promise<T> {
  // A waiter is handed the finishing parse's slot directly, so no newcomer can slip in between.
  if (running < PDF_PARSES_AT_ONCE) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

interface WorkerReply {
  pages?: string[];
  title?: unknown;
  error?: string;
}

// Runs in a worker thread: pdf.js loads its own worker by dynamic import, which
// needs a plain Node context, and the thread gives each parse a heap cap and a deadline.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PDFParse } = require(workerData.module);
(async () => {
  const parser = new PDFParse({ data: workerData.data });
  try {
    // One after the other: pdf.js hands the bytes to its worker, so a second concurrent load finds them gone.
    const text = await parser.getText({ pageJoiner: '' });
    const info = await parser.getInfo();
    parentPort.postMessage({ pages: text.pages.map((page) => page.text), title: info.info && info.info.Title });
  } finally {
    await parser.destroy();
  }
})().catch((error) => parentPort.postMessage({ error: String((error && error.message) || error) }));
`;

/** Text and title of a PDF: pages joined by blank lines, so the chunker sees them as paragraphs. */
export async function extractPdf(data: Buffer): Promise<ExtractedText> {
  const reply = await withParseSlot(() => parseInWorker(data));
  if (reply.error !== undefined) throw new Error(`cannot read PDF: ${reply.error}`);
  const title = typeof reply.title === 'string' ? reply.title.trim() : '';
  return {
    title: title || undefined,
    body: (reply.pages ?? [])
      .map((page) => page.trim())
      .filter(Boolean)
      .join('\n\n'),
    contentType: 'application/pdf',
  };
}

function parseInWorker(data: Buffer): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // A plain copy: a Buffer may be a view into a shared pool, which does not clone.
      workerData: { module: require.resolve('pdf-parse'), data: Uint8Array.from(data) },
      resourceLimits: { maxOldGenerationSizeMb: PDF_PARSE_MAX_HEAP_MB },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`cannot read PDF: parsing took longer than ${PDF_PARSE_TIMEOUT_MS / 1000}s`));
    }, PDF_PARSE_TIMEOUT_MS);
    const settle = () => {
      clearTimeout(timer);
      void worker.terminate();
    };
    worker.once('message', (reply: WorkerReply) => {
      settle();
      resolve(reply);
    });
    worker.once('error', (error) => {
      settle();
      reject(new Error(`cannot read PDF: ${error.message}`));
    });
  });
}
