/**
 * A reader of the JSON API over real sockets (fetch), as the discussion script in a browser is: it
 * keeps its cookies, sends the CSRF token and the page's Origin on writes, and stands for a client
 * address of its own (X-Forwarded-For), so sign-up and posting limits count per reader.
 */
import { ApiClient, type ApiResponse } from '../../support/api-client.ts';

export type Answer = ApiResponse;

export class Reader extends ApiClient {
  constructor(baseUrl: string, ip = `198.51.100.${1 + Math.floor(Math.random() * 250)}`) {
    super(baseUrl, ip, true);
  }

  get csrf(): string {
    return this.csrfToken;
  }

  set csrf(token: string) {
    this.csrfToken = token;
  }

  send(method: string, path: string, body?: unknown, timeoutMs = 15_000): Promise<Answer> {
    return this.json(method, path, body, timeoutMs);
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
