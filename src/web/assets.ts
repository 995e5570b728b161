/**
 * The browser assets: the client bundle (built from src/web/client with esbuild once per process,
 * in memory, in well under a second) and the stylesheet. Both are served under a content hash
 * so browsers may cache them for a year.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface Asset {
  path: string;
  body: string;
  contentType: string;
}

export interface Assets {
  script: Asset;
  style: Asset;
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);

let built: Promise<Assets> | undefined;

export function buildAssets(): Promise<Assets> {
  built ??= (async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./client/main.tsx', import.meta.url))],
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2020',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      write: false,
      legalComments: 'none',
      logLevel: 'silent',
    });
    const script = result.outputFiles[0]!.text;
    const style = readFileSync(fileURLToPath(new URL('./site.css', import.meta.url)), 'utf8');
    return {
      script: { path: `/assets/client.${hash(script)}.js`, body: script, contentType: 'text/javascript; charset=utf-8' },
      style: { path: `/assets/site.${hash(style)}.css`, body: style, contentType: 'text/css; charset=utf-8' },
    };
  })();
  return built;
}
