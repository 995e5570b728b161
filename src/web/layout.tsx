/** The page shell: head (title, credit metadata, assets) and the site's header and footer. */
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Assets } from './assets.ts';

export interface Viewer {
  name: string;
  role: string;
  csrf: string;
}

export interface Head {
  title: string;
  description?: string;
  /** Extra elements for <head>: canonical or robots, OpenGraph, JSON-LD. */
  extra?: VNode[];
}

export interface PageContext {
  siteName: string;
  assets: Assets;
  viewer: Viewer | null;
  /** The path of this page, for "log in and come back here". */
  path: string;
}

export function Layout(props: { ctx: PageContext; head: Head; island?: boolean | 'workspace' | 'live'; children: ComponentChildren }) {
  const { ctx, head } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{head.title === ctx.siteName ? head.title : `${head.title} — ${ctx.siteName}`}</title>
        {head.description && <meta name="description" content={head.description} />}
        {head.extra}
        <link rel="icon" href="data:," />
        <link rel="alternate" type="application/rss+xml" title={`${ctx.siteName}: latest stories`} href="/feed.xml" />
        <link rel="stylesheet" href={ctx.assets.style.path} />
        {props.island && <script type="module" src={props.island === 'workspace' ? ctx.assets.workspace.path : props.island === 'live' ? ctx.assets.live.path : ctx.assets.script.path} />}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site">
          <a class="brand" href="/">
            {ctx.siteName}
          </a>
          <nav aria-label="Account">
            {ctx.viewer && ctx.viewer.role !== 'reader' && <a href="/moderate">Moderation</a>}
            {ctx.viewer && ctx.viewer.role === 'admin' && <a href="/admin/users">Users</a>}
            {ctx.viewer && ctx.viewer.role === 'admin' && <a href="/admin/policy">Policy</a>}
            {ctx.viewer && ctx.viewer.role === 'admin' && <a href="/admin/partners">Partners</a>}
            {ctx.viewer && ctx.viewer.role === 'admin' && <a href="/admin/sites">Sites</a>}
            {ctx.viewer ? (
              <form method="post" action="/logout" class="logout">
                <span class="who">
                  Signed in as <a href="/me">{ctx.viewer.name}</a>
                </span>{' '}
                <input type="hidden" name="_csrf" value={ctx.viewer.csrf} />
                <button type="submit" class="link">
                  Log out
                </button>
              </form>
            ) : (
              <>
                <a href={`/login?next=${encodeURIComponent(ctx.path)}`}>Log in</a> <a href="/signup">Sign up</a>
              </>
            )}
          </nav>
        </header>
        <main id="main" class={props.island === 'workspace' ? 'wide' : undefined}>
          {props.children}
        </main>
        <footer class="site">
          <p>
            {ctx.siteName} republishes stories from partner publishers with their permission and credit. <a href="/moderation-log">Moderation log</a> ·{' '}
            <a href="/api/openapi.json">API</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

export function renderDocument(vnode: VNode): string {
  return `<!doctype html>${renderToString(vnode)}`;
}

/** JSON for a <script> element: "<" escaped so no string can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
