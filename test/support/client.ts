/**
 * A cookie-keeping HTTP client over Fastify's inject (the whole stack, no sockets): signs up,
 * keeps the session, fetches CSRF tokens, posts forms and JSON.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';

export interface Response {
  status: number;
  headers: Record<string, unknown>;
  body: string;
  json<T = any>(): T;
}

export class Client {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(
    private app: FastifyInstance,
    private ip = '203.0.113.7',
  ) {}

  async request(opts: InjectOptions): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.inject({
      ...opts,
      headers: { ...(cookie ? { cookie } : {}), 'x-forwarded-for': this.ip, ...(opts.headers ?? {}) },
    });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return { status: res.statusCode, headers: res.headers, body: res.body, json: () => JSON.parse(res.body) };
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request({ method: 'GET', url, headers });
  }

  async refreshCsrf() {
    this.csrf = (await this.get('/api/session')).json().csrfToken;
    return this.csrf;
  }

  api(method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) {
    return this.request({ method, url, payload: payload as InjectOptions['payload'], headers: { 'x-csrf-token': this.csrf, ...headers } });
  }

  form(url: string, fields: Record<string, string>, withToken = true) {
    const body = new URLSearchParams({ ...(withToken ? { _csrf: this.csrf } : {}), ...fields }).toString();
    return this.request({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  async signUp(name: string, email = `${name.toLowerCase().replace(/\W/g, '')}-${Math.random().toString(36).slice(2)}@test.example`) {
    await this.refreshCsrf();
    const res = await this.api('POST', '/api/auth/signup', { email, password: 'correct horse battery', displayName: name });
    if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${res.body}`);
    this.csrf = res.json().csrfToken;
    return { email, user: res.json().user as { id: number; displayName: string } };
  }
}
