#!/usr/bin/env node
// Compiles one app and the libraries it can import to dist/ with SWC, rewriting
// @tributary/* imports to relative paths so `node dist/apps/<app>/src/main.js`
// runs without a loader. Type checking is the separate `typecheck` target.
// Usage: node tools/scripts/build.mjs <app>
import { transformFile } from '@swc/core';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const app = process.argv[2];
if (!app || !existsSync(join(root, 'apps', app, 'src/main.ts'))) {
  console.error(`usage: build.mjs <app>; no apps/${app ?? '<app>'}/src/main.ts`);
  process.exit(2);
}

const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

async function filesUnder(dir, keep) {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return filesUnder(path, keep);
      return keep(entry.name) ? [path] : [];
    }),
  );
  return nested.flat();
}
const sources = (dir) => filesUnder(dir, (name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'));

const libRoots = (await readdir(join(root, 'libs'), { recursive: true }))
  .filter((path) => path.endsWith('/src') || path === 'src')
  .map((path) => join(root, 'libs', path))
  .filter((path) => path.includes('/src') && !path.includes('/src/'));
const files = (await Promise.all([join(root, 'apps', app, 'src'), ...libRoots].map(sources))).flat();

for (const file of files) {
  const output = await transformFile(file, {
    ...swcrc,
    swcrc: false,
    filename: file,
    sourceFileName: relative(root, file),
    jsc: { ...swcrc.jsc, baseUrl: root, paths: compilerOptions.paths },
  });
  const target = join(root, 'dist', relative(root, file)).replace(/\.ts$/, '.js');
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, `${output.code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
  if (output.map) await writeFile(`${target}.map`, output.map);
}
// An app's other files (the ops console's page: HTML, CSS, browser JS) are served from
// beside its compiled code, so they are copied as they are.
const assets = await filesUnder(join(root, 'apps', app, 'src'), (name) => !name.endsWith('.ts'));
for (const file of assets) {
  const target = join(root, 'dist', relative(root, file));
  await mkdir(dirname(target), { recursive: true });
  await copyFile(file, target);
}
console.log(`built ${app}: ${files.length} files, ${assets.length} assets -> dist/apps/${app}/src/main.js`);
