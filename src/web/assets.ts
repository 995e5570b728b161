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
  /** The discussion's script. */
  script: Asset;
  /** The moderator workspace's script. */
  workspace: Asset;
  /** Live updates for logged-out readers of a story page (no island, just the stream). */
  live: Asset;
  /** The embedded thread's frame: its height, sign-on and sorting, talking to the host page. */
  frame: Asset;
  style: Asset;
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);

let built: Promise<Assets> | undefined;

export function buildAssets(): Promise<Assets> {
  built ??= (async () => {
    const result = await build({
      entryPoints: {
        main: fileURLToPath(new URL('./client/main.tsx', import.meta.url)),
        workspace: fileURLToPath(new URL('./client/workspace.tsx', import.meta.url)),
        live: fileURLToPath(new URL('./client/live-page.ts', import.meta.url)),
        frame: fileURLToPath(new URL('./client/embed-frame.ts', import.meta.url)),
      },
      outdir: 'assets',
      bundle: true,
      splitting: false,
      minify: true,
      format: 'esm',
      target: 'es2020',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      write: false,
      legalComments: 'none',
      logLevel: 'silent',
    });
    const js = (name: string): Asset => {
      const body = result.outputFiles.find((f) => f.path.endsWith(`${name}.js`))!.text;
      return { path: `/assets/${name}.${hash(body)}.js`, body, contentType: 'text/javascript; charset=utf-8' };
    };
    const style = readFileSync(fileURLToPath(new URL('./site.css', import.meta.url)), 'utf8');
    return {
      script: js('main'),
      workspace: js('workspace'),
      live: js('live'),
      frame: js('frame'),
      style: { path: `/assets/site.${hash(style)}.css`, body: style, contentType: 'text/css; charset=utf-8' },
    };
  })();
  return built;
}

let embedBuilt: Promise<Asset> | undefined;

/**
 * embed.js, for registered sites' pages: a classic script (document.currentScript needs one) at a fixed
 * address that site owners paste, so it is not content-hashed and is cached briefly.
 */
export function buildEmbedScript(): Promise<Asset> {
  embedBuilt ??= build({
    entryPoints: [fileURLToPath(new URL('./client/embed.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2017',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  }).then((result) => ({ path: '/embed.js', body: result.outputFiles[0]!.text, contentType: 'text/javascript; charset=utf-8' }));
  return embedBuilt;
}
