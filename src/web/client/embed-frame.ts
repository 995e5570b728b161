/**
 * The embedded thread's side of the conversation with its host page: it reports its height, takes the
 * host's sign-on token (from the URL fragment, or later by postMessage) and exchanges it for an embed
 * session, and keeps sorting inside the frame. It posts only to the host origin the server verified
 * (data-parent-origin, never "*") and accepts messages only from that origin's window, its parent.
 */

const root = document.documentElement;
const parentOrigin = root.dataset.parentOrigin ?? '';
const site = root.dataset.site ?? '';
const status = document.getElementById('embed-status');

function toParent(message: { type: string; height?: number }) {
  if (parentOrigin && window.parent !== window) window.parent.postMessage(message, parentOrigin);
}

let lastHeight = -1;
function reportHeight() {
  const height = Math.ceil(document.body.getBoundingClientRect().height);
  if (height !== lastHeight) {
    lastHeight = height;
    toParent({ type: 'parley:resize', height });
  }
}
new ResizeObserver(reportHeight).observe(document.body);
reportHeight();

async function post(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'x-csrf-token': root.dataset.csrf ?? '', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = res.status === 204 ? {} : await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json?.error?.message ?? `Signing in did not work (${res.status}).`);
  return json;
}

function say(message: string) {
  if (!status) return;
  status.textContent = message;
  reportHeight();
}

/** A token signs the reader in (reloading the thread as them); an empty one signs them out. */
async function useToken(token: string) {
  try {
    if (!token) {
      if (root.dataset.signedIn === 'true') {
        await post('/api/embed/logout');
        location.reload();
      }
      return;
    }
    const result = await post('/api/embed/sso', { site, token });
    if (result.changed) location.reload();
  } catch (err) {
    say(`Could not sign you in: ${(err as Error).message}`);
  }
}

const fragment = /^#sso=(.*)$/.exec(location.hash);
if (location.hash) history.replaceState(null, '', location.pathname + location.search);
if (fragment) void useToken(decodeURIComponent(fragment[1]!));

addEventListener('message', (event: MessageEvent<{ type?: unknown; token?: unknown }>) => {
  if (event.origin !== parentOrigin || event.source !== window.parent) return;
  const message = event.data;
  if (message && typeof message === 'object' && message.type === 'parley:sso' && typeof message.token === 'string') void useToken(message.token);
});

// Sorting reloads this frame with the new order (the links point at the story page on the site itself).
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('nav.sort a') as HTMLAnchorElement | null;
  if (!link) return;
  event.preventDefault();
  const here = new URL(location.href);
  here.searchParams.set('sort', new URL(link.href).searchParams.get('sort') ?? 'top');
  location.assign(here.href);
});

// The host's login page replaces the host page rather than opening beside it.
const login = root.dataset.loginUrl;
if (login) for (const a of document.querySelectorAll<HTMLAnchorElement>('a')) if (a.href === login) a.target = '_top';

toParent({ type: 'parley:ready' });
