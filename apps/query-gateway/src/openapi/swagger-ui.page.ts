import { dirname } from 'node:path';

/** The swagger-ui-dist package's folder: the page loads its scripts from the gateway, never a CDN. */
export const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));

/** The package files the page loads; nothing else in that folder is served. */
export const SWAGGER_UI_ASSETS: ReadonlySet<string> = new Set([
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
]);

/** A script file rather than inline, so the page works under a CSP without 'unsafe-inline'. */
export const DOCS_INITIALIZER = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
});
`;

export const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Tributary API</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32" />
    <link rel="icon" type="image/png" href="/docs/favicon-16x16.png" sizes="16x16" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/swagger-initializer.js"></script>
  </body>
</html>
`;
