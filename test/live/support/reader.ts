/**
 * A reader of the JSON API over real sockets (fetch), as the discussion script in a browser is: it
 * keeps its cookies, sends the CSRF token and the page's Origin on writes, and stands for a client
 * address of its own (X-Forwarded-For), so sign-up and posting limits count per reader.
 */

export interface Answer {
  status: number;
  headers: Headers;
  data: any;
  ms: number;
}

export class Reader {
  private readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(
    public baseUrl: string,
    readonly ip = `198.51.100.${1 + Math.floor(Math.random() * 250)}`,
  ) {}

  async send(method: string, path: string, body?: unknown, timeoutMs = 15_000): Promise<Answer> {
    const base = new URL(this.baseUrl);
    const headers: Record<string, string> = { accept: 'application/json', 'x-forwarded-for': this.ip };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET') {
      headers['x-csrf-token'] = this.csrf;
      headers.origin = base.origin;
    }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const started = performance.now();
    const res = await fetch(new URL(path, base), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let data: any = text;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      // a page, not JSON
    }
    return { status: res.status, headers: res.headers, data, ms: performance.now() - started };
  }

  /** The Cookie header this reader sends, for a client of another kind acting as the same person. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(path: string) {
    return this.send('GET', path);
  }

  /** Signs up (through this reader's base URL) and keeps the session. */
  async signUp(name: string): Promise<this> {
    const session = await this.get('/api/session');
    this.csrf = session.data.csrfToken;
    const email = `${name.toLowerCase().replace(/\W/g, '')}-${Math.random().toString(36).slice(2, 10)}@test.example`;
    const res = await this.send('POST', '/api/auth/signup', { email, password: 'correct horse battery', displayName: name });
    if (res.status !== 201) throw new Error(`sign-up answered ${res.status}: ${JSON.stringify(res.data)}`);
    this.csrf = res.data.csrfToken;
    return this;
  }

  /** Logs in with an existing account and keeps the session. */
  async logIn(email: string, password: string): Promise<this> {
    this.csrf = (await this.get('/api/session')).data.csrfToken;
    const res = await this.send('POST', '/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login answered ${res.status}: ${JSON.stringify(res.data)}`);
    this.csrf = res.data.csrfToken;
    return this;
  }

  post(slug: string, body: string, timeoutMs?: number) {
    return this.send('POST', `/api/stories/${slug}/comments`, { body }, timeoutMs);
  }
}

/** The slug of the newest story an instance lists. */
export async function firstStory(baseUrl: string): Promise<{ slug: string; id: number }> {
  const res = await fetch(`${baseUrl}/api/stories`, { signal: AbortSignal.timeout(10_000) });
  const { stories } = (await res.json()) as { stories: { slug: string; id: number }[] };
  if (!stories[0]) throw new Error('no stories: was the demo seeded?');
  return stories[0];
}

/** True when a live frame is about this comment, whatever its kind (a new comment, a score, a removal). */
export function mentions(data: unknown, commentId: number): boolean {
  const d = data as { commentId?: unknown; comment?: { id?: unknown } } | null;
  return d?.commentId === commentId || d?.comment?.id === commentId;
}
