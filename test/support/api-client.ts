/**
 * A small JSON API client over real sockets (Node's fetch), as the discussion script in a browser is:
 * it keeps the cookies the server sets (session, pre-session CSRF), sends the CSRF token from
 * /api/session on writes (and, when asked, the page's Origin, as a browser does), can present itself
 * from a given client address (the app trusts X-Forwarded-For), times each answer, and gives each
 * request a timeout so a hang fails the case instead of the run.
 */
export interface ApiResponse<T = any> {
  status: number;
  data: T;
  headers: Headers;
  /** How long the answer took, in milliseconds. */
  ms: number;
}

export class ApiClient {
  private readonly cookies = new Map<string, string>();
  csrfToken = '';

  constructor(
    readonly baseUrl: string,
    /** Sent as X-Forwarded-For, to stand for a distinct client (rate limits are per address). */
    public ip?: string,
    /** Send an Origin header naming the base URL on writes, as a browser does (e.g. through a proxy). */
    private readonly sendOrigin = false,
  ) {}

  /** Fetches a CSRF token (and with it the pre-session cookie). */
  async start(): Promise<this> {
    const res = await this.json('GET', '/api/session');
    if (res.status !== 200) throw new Error(`GET /api/session answered ${res.status}`);
    this.csrfToken = res.data.csrfToken;
    return this;
  }

  async json<T = any>(method: string, path: string, body?: unknown, timeoutMs = 15_000): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    if (method !== 'GET' && this.sendOrigin) headers.origin = new URL(this.baseUrl).origin;
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    if (this.ip) headers['x-forwarded-for'] = this.ip;
    const started = performance.now();
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let data: any = text;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, data, headers: res.headers, ms: performance.now() - started };
  }

  /** The Cookie header this client sends, for a client of another kind acting as the same person. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** The cookies, for a browser context to act as this client. */
  browserCookies(): { name: string; value: string; url: string }[] {
    return [...this.cookies].map(([name, value]) => ({ name, value, url: this.baseUrl }));
  }
}

/** Signs a reader up through POST /api/auth/signup; throws unless it worked. */
export async function signUpViaApi(
  baseUrl: string,
  input: { displayName: string; email: string; password?: string; ip?: string },
): Promise<ApiClient> {
  const client = await new ApiClient(baseUrl, input.ip).start();
  const res = await client.json('POST', '/api/auth/signup', {
    displayName: input.displayName,
    email: input.email,
    password: input.password ?? 'correct horse battery',
  });
  if (res.status !== 201) throw new Error(`sign-up of ${input.email} answered ${res.status}: ${JSON.stringify(res.data)}`);
  client.csrfToken = res.data.csrfToken;
  return client;
}
