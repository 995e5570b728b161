/**
 * The embedded discussion's pages: the thread in its iframe (the same Discussion component as the story
 * page, without the site's header and footer, themed by data-theme and the host's accent colour), the
 * page a host not allowed to frame it gets, and the admin page where sites are registered.
 */
import type { Assets } from './assets.ts';
import { Discussion, type DiscussionProps } from './discussion.tsx';
import { formatDateTime } from './format.ts';
import { Layout, scriptJson, type PageContext } from './layout.tsx';

export type EmbedTheme = 'light' | 'dark' | 'auto';

/** The accent as a CSS colour with readable text on it, or null for anything but #rgb / #rrggbb. */
export function accentColours(raw: string | undefined): { accent: string; fg: string } | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(raw?.trim() ?? '');
  if (!m) return null;
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  // White text when it contrasts more than black does (WCAG contrast ratio).
  const fg = 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#000000';
  return { accent: `#${hex.toLowerCase()}`, fg };
}

export interface EmbedThreadProps {
  assets: Assets;
  siteName: string;
  site: { id: string; name: string };
  title: string;
  discussion: DiscussionProps;
  /** The host origin the frame may post to, verified against the site's allowed origins. */
  parentOrigin: string;
  theme: EmbedTheme;
  accent: { accent: string; fg: string } | null;
  /** For the accent's <style>: the page's CSP allows that one element. */
  nonce: string;
  /** A CSRF token for the frame's own writes (sign-on), bound to the embed session or its pre-session cookie. */
  csrf: string;
  loginUrl: string | null;
}

export function EmbedThreadPage(props: EmbedThreadProps) {
  const { discussion } = props;
  return (
    <html
      lang="en"
      class="embed"
      data-theme={props.theme}
      data-site={props.site.id}
      data-parent-origin={props.parentOrigin}
      data-csrf={props.csrf}
      data-signed-in={discussion.viewer ? 'true' : 'false'}
      data-login-url={props.loginUrl ?? undefined}
    >
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`Comments: ${props.title} — ${props.siteName}`}</title>
        {/* Links open beside the host page, not inside the frame. */}
        <base target="_blank" />
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={props.assets.style.path} />
        {props.accent && (
          <style nonce={props.nonce} dangerouslySetInnerHTML={{ __html: `:root.embed{--accent:${props.accent.accent};--accent-fg:${props.accent.fg}}` }} />
        )}
        {discussion.viewer && <script type="module" src={props.assets.script.path} />}
        {!discussion.viewer && discussion.live && <script type="module" src={props.assets.live.path} />}
        <script type="module" src={props.assets.frame.path} />
      </head>
      <body>
        <main id="main">
          <h1 class="visually-hidden">Comments on “{props.title}”</h1>
          <p id="embed-status" class="form-error" role="alert" />
          <div id="discussion-root" data-story-id={discussion.viewer ? undefined : discussion.live?.storyId} data-live-after={discussion.viewer ? undefined : discussion.live?.after}>
            <Discussion props={discussion} />
          </div>
          {discussion.viewer && <script type="application/json" id="discussion-props" dangerouslySetInnerHTML={{ __html: scriptJson(discussion) }} />}
          <p class="embed-credit">
            Discussion hosted by {props.siteName} for {props.site.name} · <a href="/moderation-log">Moderation log</a>
          </p>
        </main>
      </body>
    </html>
  );
}

/** What a frame shows when it may not show the thread: which site, and what to do about it. */
export function EmbedRefusedPage(props: { assets: Assets; siteName: string; title: string; message: string }) {
  return (
    <html lang="en" class="embed" data-theme="auto">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} — ${props.siteName}`}</title>
        <link rel="stylesheet" href={props.assets.style.path} />
      </head>
      <body>
        <main id="main" class="embed-refused">
          <h1>{props.title}</h1>
          <p>{props.message}</p>
        </main>
      </body>
    </html>
  );
}

/**
 * The sign-in popup's last page: the reader is signed in to Parley itself, and the frame's script (the same file
 * as the frame's) hands the pass to the frame that opened this window, then closes it.
 */
export function EmbedPassPage(props: { assets: Assets; siteName: string; site: { id: string; name: string }; userName: string; pass: string }) {
  return (
    <html lang="en" class="embed" data-theme="auto" data-pass={props.pass} data-site={props.site.id}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`Signed in — ${props.siteName}`}</title>
        <link rel="stylesheet" href={props.assets.style.path} />
        <script type="module" src={props.assets.frame.path} />
      </head>
      <body>
        <main id="main" class="embed-refused">
          <h1>You are signed in as {props.userName}</h1>
          <p id="pass-status" role="status">
            Taking you back to the discussion on {props.site.name}. If this window stays open, close it and reload the page with the discussion.
          </p>
        </main>
      </body>
    </html>
  );
}

export interface SiteView {
  id: string;
  name: string;
  origins: string[];
  formats: string[];
  ssoSecret: string | null;
  loginUrl: string | null;
  createdAt: string;
  snippet: string;
}

export function SitesPage(props: { ctx: PageContext; csrf: string; sites: SiteView[]; error?: string }) {
  return (
    <Layout ctx={props.ctx} head={{ title: 'Sites', extra: [<meta name="robots" content="noindex" />] }}>
      <h1>Sites that embed discussions</h1>
      <p>
        A registered site shows a discussion under each of its pages with one snippet. Only its allowed origins may frame the thread; readers it signs in
        (single sign-on) comment as themselves. See <code>docs/embed.md</code> for signing tokens.
      </p>
      {props.error && (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      )}
      {props.sites.length === 0 ? (
        <p>No sites yet.</p>
      ) : (
        <table class="users">
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Allowed origins</th>
              <th scope="col">Sign-on</th>
              <th scope="col">Snippet</th>
            </tr>
          </thead>
          <tbody>
            {props.sites.map((s) => (
              <tr key={s.id}>
                <td>
                  <strong>{s.name}</strong>
                  <br />
                  <small>
                    id <code>{s.id}</code>, added {formatDateTime(s.createdAt)}
                  </small>
                </td>
                <td>
                  <ul class="origins">
                    {s.origins.map((o) => (
                      <li key={o}>{o}</li>
                    ))}
                  </ul>
                </td>
                <td>
                  {s.formats.length ? s.formats.join(', ') : 'none'}
                  {s.ssoSecret && (
                    <details>
                      <summary>Secret</summary>
                      <code class="secret">{s.ssoSecret}</code>
                    </details>
                  )}
                </td>
                <td>
                  <pre class="snippet">
                    <code>{s.snippet}</code>
                  </pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Register a site</h2>
      <form method="post" action="/admin/sites" class="policy-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <label for="s-name">Name</label>
        <input id="s-name" name="name" required maxLength={200} />
        <label for="s-id">Site id (letters, digits, hyphens; made from the name when empty)</label>
        <input id="s-id" name="id" maxLength={40} pattern="[a-z0-9][a-z0-9\-]*" />
        <label for="s-origins">Allowed origins, one per line (e.g. https://blog.example)</label>
        <textarea id="s-origins" name="origins" rows={3} required />
        <label class="radio">
          <input type="checkbox" name="generateSecret" value="1" checked /> Generate a secret for single sign-on (HMAC payloads and HS256 tokens)
        </label>
        <label for="s-key">RSA public key for RS256 tokens (PEM, optional)</label>
        <textarea id="s-key" name="ssoPublicKey" rows={4} />
        <label for="s-iss">Required token issuer, “iss” (optional)</label>
        <input id="s-iss" name="ssoIssuer" maxLength={500} />
        <label for="s-aud">Required token audience, “aud” (optional)</label>
        <input id="s-aud" name="ssoAudience" maxLength={500} />
        <label for="s-login">The site’s login page, for readers not signed in (optional)</label>
        <input id="s-login" name="loginUrl" type="url" maxLength={2000} />
        <button type="submit">Register site</button>
      </form>
    </Layout>
  );
}
