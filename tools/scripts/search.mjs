#!/usr/bin/env node
// Asks the query gateway a question and prints the hits for a person to read.
// Usage: node tools/scripts/search.mjs "<query>" [--mode hybrid|bm25|vector] [--top-k N] [--source S] [--key K]
// The API key comes from --key, else $TRIBUTARY_API_KEY, else the key `npm start` created (.stack/demo-search.key).
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const DEMO_KEY_FILE = new URL('../../.stack/demo-search.key', import.meta.url);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    mode: { type: 'string', default: 'hybrid' },
    'top-k': { type: 'string', default: '3' },
    source: { type: 'string' },
    gateway: { type: 'string', default: process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000' },
    key: { type: 'string', default: process.env.TRIBUTARY_API_KEY },
  },
});
const apiKey =
  values.key ?? (existsSync(DEMO_KEY_FILE) ? readFileSync(DEMO_KEY_FILE, 'utf8').trim() : undefined);
if (!apiKey) {
  console.error('no API key: pass --key, set TRIBUTARY_API_KEY, or create one with');
  console.error('  npx tributary keys create --name me --tenant default --scope search');
  process.exit(2);
}
const query = positionals.join(' ');
if (!query) {
  console.error('usage: search.mjs "<query>" [--mode hybrid|bm25|vector] [--top-k N] [--source S] [--key K]');
  process.exit(2);
}

const body = {
  query,
  mode: values.mode,
  topK: Number(values['top-k']),
  ...(values.source ? { filter: { source: values.source } } : {}),
};
const response = await fetch(`${values.gateway}/v1/search`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
  body: JSON.stringify(body),
}).catch((error) => {
  console.error(`cannot reach the gateway at ${values.gateway}: ${error.cause?.code ?? error.message}`);
  process.exit(1);
});
const result = await response.json();
if (!response.ok) {
  console.error(`${response.status} ${result.title}: ${result.detail}`);
  process.exit(1);
}

console.log(
  `\n  query: "${query}"  (${values.mode}, ${result.hits.length} hits in ${result.tookMs} ms, queryId ${result.queryId})\n`,
);
result.hits.forEach((hit, i) => {
  const snippet = hit.snippet.replace(/<\/?em>/g, '*').replace(/\s+/g, ' ');
  console.log(`  ${i + 1}. ${hit.title}   [${hit.source}/${hit.docId}]  score ${hit.score.toFixed(4)}`);
  console.log(`     ${snippet}`);
  console.log(`     ${hit.uri}\n`);
});
if (result.hits.length === 0) console.log('  no hits\n');
