/**
 * The embedded thread's side of the conversation with its host page: it reports its height, takes the
 * host's sign-on token (from the URL fragment, or later by postMessage) and exchanges it for an embed
 * session, and keeps sorting inside the frame. It posts only to the host origin the server verified
 * (data-parent-origin, never "*") and accepts messages only from that origin's window, its parent.
 *
 * Readers with a Parley account sign in through a popup on Parley itself (the frame's cookies are the
 * host site's partition, so the reader's own session does not reach it): the popup's last page runs this
 * script too, and hands the frame a one-time pass, to Parley's own origin only.
 */

const root = document.documentElement;
if (root.dataset.pass !== undefined) handOverPass(root.dataset.pass);
else frame();

function handOverPass(pass: string) {
  if (window.opener) {
    (window.opener as Window).postMessage({ type: 'parley:pass', pass }, location.origin);
    window.close();
  }
}

function frame() {
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

  // The host's login page replaces the host page rather than opening beside it. Without one, "Log in" opens
  // Parley's sign-in in a popup that hands back a pass.
  const login = root.dataset.loginUrl;
  if (login) for (const a of document.querySelectorAll<HTMLAnchorElement>('a')) if (a.href === login) a.target = '_top';
  let popup: Window | null = null;
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a') as HTMLAnchorElement | null;
    if (login || !link || link.origin !== location.origin || (link.pathname !== '/login' && link.pathname !== '/signup')) return;
    event.preventDefault();
    const start = link.pathname === '/signup' ? 'signup' : 'login';
    popup = window.open(`/login/embed?site=${encodeURIComponent(site)}&start=${start}`, 'parley-signin', 'popup,width=480,height=640');
    if (!popup) say('Allow pop-ups for this page to sign in, or sign in on the site that shows this discussion.');
  });
  addEventListener('message', (event: MessageEvent<{ type?: unknown; pass?: unknown }>) => {
    if (event.origin !== location.origin || !popup || event.source !== popup) return;
    const message = event.data;
    if (!message || typeof message !== 'object' || message.type !== 'parley:pass' || typeof message.pass !== 'string') return;
    popup = null;
    post('/api/embed/signin', { site, pass: message.pass })
      .then((result) => (result.changed ? location.reload() : undefined))
      .catch((err: Error) => say(`Could not sign you in: ${err.message}`));
  });

  toParent({ type: 'parley:ready' });
}
