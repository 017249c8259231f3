import { join } from 'node:path';
import type { Response } from 'express';

/** Where the page's files live: beside this file in src/, or in dist/ once built. */
export const PAGE_DIR = join(__dirname, 'page');
/** Scripts and styles, served without a login (they hold no data); the HTML pages are served by controllers. */
export const ASSETS_DIR = join(PAGE_DIR, 'assets');

/** Sends one of the HTML pages: never cached, never framed, scripts and styles from this origin only. */
export function sendPage(response: Response, file: 'index.html' | 'login.html'): void {
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
  );
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.sendFile(join(PAGE_DIR, file));
}
