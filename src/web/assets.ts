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
      style: { path: `/assets/site.${hash(style)}.css`, body: style, contentType: 'text/css; charset=utf-8' },
    };
  })();
  return built;
}
