/**
 * embed.js: what a registered site puts on its pages. Framework-free and small (a test holds it under
 * 5 KB gzipped). It frames the page's thread in #parley-thread, keyed by data-page-id or else the
 * page's canonical URL, sizes the frame to the height the frame reports, and fills every
 * [data-parley-count] element from one request. It talks only to Parley's origin (the one it was
 * loaded from) and listens only to its own frame's messages.
 *
 * Sign-on: data-sso carries the host's signed token; it reaches the frame in the URL fragment, which
 * browsers never send to a server (so it lands in no log and no Referer), and the frame drops it from
 * its address at once. Later, window.parley.signIn(token) and signOut() pass a token by postMessage.
 */

interface ParleyMessage {
  type?: unknown;
  height?: unknown;
}

(() => {
  const script = (document.currentScript ?? document.querySelector('script[src*="/embed.js"][data-site]')) as HTMLScriptElement | null;
  const w = window as unknown as { parley?: object };
  if (!script || w.parley) return;
  const parley = new URL(script.src).origin;
  const data = script.dataset;
  const site = data.site ?? '';
  if (!site) return;

  const meta = (selector: string) => document.querySelector(selector)?.getAttribute('content')?.trim() || '';
  const canonical = (document.querySelector('link[rel="canonical"]') as HTMLLinkElement | null)?.href;
  const url = canonical || location.href.split('#')[0]!;

  let frame: HTMLIFrameElement | undefined;
  let ready = false;
  let pending: { type: string; token?: string } | undefined;
  const send = (message: { type: string; token?: string }) => {
    if (frame?.contentWindow && ready) frame.contentWindow.postMessage(message, parley);
    else pending = message;
  };

  const container = document.getElementById('parley-thread');
  if (container) {
    const theme = ['light', 'dark'].includes(data.theme ?? '') ? data.theme! : 'auto';
    const query = new URLSearchParams({ site, url, title: meta('meta[property="og:title"]') || document.title, theme });
    if (data.pageId) query.set('page', data.pageId);
    if (data.accent) query.set('accent', data.accent);
    // data-sso="" says "this reader is signed out"; no attribute says the site does not use sign-on.
    const sso = data.sso === undefined ? '' : `#sso=${encodeURIComponent(data.sso)}`;
    frame = document.createElement('iframe');
    frame.src = `${parley}/embed/thread?${query}${sso}`;
    frame.title = 'Comments';
    frame.style.cssText = 'width:100%;height:240px;border:0;display:block;color-scheme:normal';
    container.appendChild(frame);

    addEventListener('message', (event: MessageEvent<ParleyMessage>) => {
      if (event.origin !== parley || event.source !== frame!.contentWindow) return;
      const message = event.data;
      if (!message || typeof message !== 'object') return;
      if (message.type === 'parley:resize' && typeof message.height === 'number' && message.height >= 0) {
        frame!.style.height = `${Math.min(Math.ceil(message.height), 200_000)}px`;
      } else if (message.type === 'parley:ready') {
        ready = true;
        if (pending) send(pending);
        pending = undefined;
      }
    });
  }

  w.parley = {
    /** Signs the reader in with a fresh token from the host's server. */
    signIn: (token: string) => send({ type: 'parley:sso', token }),
    signOut: () => send({ type: 'parley:sso', token: '' }),
  };

  const counted = Array.from(document.querySelectorAll<HTMLElement>('[data-parley-count]'));
  const pages = [...new Set(counted.map((el) => el.dataset.parleyCount!).filter(Boolean))];
  if (pages.length) {
    const query = new URLSearchParams({ site });
    for (const page of pages.slice(0, 100)) query.append('page', page);
    fetch(`${parley}/api/embed/counts?${query}`, { credentials: 'omit' })
      .then((res) => (res.ok ? res.json() : null))
      .then((body: { counts?: Record<string, number> } | null) => {
        for (const el of counted) {
          const n = body?.counts?.[el.dataset.parleyCount!];
          if (typeof n === 'number') el.textContent = `${n} ${n === 1 ? 'comment' : 'comments'}`;
        }
      })
      .catch(() => {});
  }
})();
