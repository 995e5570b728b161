/**
 * The one typed configuration, read once at start from the environment (and an optional
 * JSON file named by PARLEY_CONFIG). Every key has a doc string and a default; a bad value
 * stops the start with one line naming the setting. Nothing else reads process.env.
 */
import { readFileSync } from 'node:fs';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  publicUrl: string;
  /** Cookies get the Secure flag (PUBLIC_URL is https). */
  secureCookies: boolean;
  /** Minutes during which an author may edit their comment. */
  editWindowMinutes: number;
  /** Text shown above every comment form. */
  commentPolicy: string;
  /** Seed the demo publisher, authors, stories and comments into an empty database. */
  seedDemo: boolean;
  /** Secret for CSRF tokens; generated per process when empty (fine for one instance). */
  secret: string;
  logLevel: string;
  /** Seconds an anonymous page may be served from the in-process page cache. */
  pageCacheSeconds: number;
  /** Comments one account may post per minute. */
  commentsPerMinute: number;
  /** Reports from distinct accounts in good standing that hide a comment until a moderator reviews it. */
  reportsToHide: number;
  /** Run the partner-feed schedule in this process. */
  feedSchedule: boolean;
  /** Redis for events and rate limits shared between instances; empty runs in-process. */
  redisUrl: string;
}

export const DEFAULT_COMMENT_POLICY =
  'We have no tolerance for comments containing violence, racism, profanity, vulgarity, doxing or discourteous behaviour. ' +
  'If a comment is spam, instead of replying to it please report it with the ∨ menu.';

interface Setting<K extends keyof Config> {
  env: string;
  doc: string;
  default: (partial: Partial<Config>) => Config[K];
  parse: (raw: string) => Config[K];
}

export class ConfigError extends Error {}

const integer = (min: number, max: number) => (raw: string) => {
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`must be a whole number between ${min} and ${max}`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`must be between ${min} and ${max}`);
  return n;
};

const boolean = (raw: string) => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError('must be true or false');
};

const parseDatabaseUrl = (raw: string) => {
  if (raw.startsWith('sqlite:')) {
    if (raw.length <= 'sqlite:'.length) throw new ConfigError('sqlite: needs a file path, e.g. sqlite:./data/parley.db');
    return raw;
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError('is not a valid postgres:// URL');
    }
    return raw;
  }
  throw new ConfigError('must start with sqlite: or postgres://');
};

const parsePublicUrl = (raw: string) => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('is not a URL, e.g. https://news.example.com');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('must be an http:// or https:// URL');
  return url.origin;
};

const settings: { [K in keyof Config]: Setting<K> } = {
  port: { env: 'PORT', doc: 'TCP port to listen on', default: () => 3000, parse: integer(0, 65535) },
  host: {
    env: 'HOST',
    doc: 'Interface to listen on',
    default: () => '0.0.0.0',
    parse: (raw) => {
      if (!raw.trim()) throw new ConfigError('must not be empty');
      return raw.trim();
    },
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    doc: 'sqlite:PATH (embedded default) or postgres://USER@HOST:PORT/DB',
    default: () => 'sqlite:./data/parley.db',
    parse: parseDatabaseUrl,
  },
  publicUrl: {
    env: 'PUBLIC_URL',
    doc: 'The address readers use; https turns on Secure cookies',
    default: (c) => `http://localhost:${c.port ?? 3000}`,
    parse: parsePublicUrl,
  },
  secureCookies: {
    env: 'SECURE_COOKIES',
    doc: 'Force the Secure cookie flag (default: on when PUBLIC_URL is https)',
    default: (c) => (c.publicUrl ?? '').startsWith('https:'),
    parse: boolean,
  },
  editWindowMinutes: {
    env: 'EDIT_WINDOW_MINUTES',
    doc: 'Minutes during which authors may edit their comments',
    default: () => 15,
    parse: integer(0, 10080),
  },
  commentPolicy: {
    env: 'COMMENT_POLICY',
    doc: 'The comment policy shown above every comment form',
    default: () => DEFAULT_COMMENT_POLICY,
    parse: (raw) => {
      if (!raw.trim()) throw new ConfigError('must not be empty');
      return raw.trim();
    },
  },
  seedDemo: { env: 'SEED_DEMO', doc: 'Seed demo content into an empty database', default: () => true, parse: boolean },
  secret: {
    env: 'PARLEY_SECRET',
    doc: 'Secret for CSRF tokens; set the same value on every instance when scaled out',
    default: () => '',
    parse: (raw) => {
      if (raw.length < 16) throw new ConfigError('must be at least 16 characters');
      return raw;
    },
  },
  logLevel: {
    env: 'LOG_LEVEL',
    doc: 'fatal, error, warn, info, debug or trace',
    default: () => 'info',
    parse: (raw) => {
      if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(raw)) {
        throw new ConfigError('must be one of fatal, error, warn, info, debug, trace, silent');
      }
      return raw;
    },
  },
  pageCacheSeconds: {
    env: 'PAGE_CACHE_SECONDS',
    doc: 'Seconds an anonymous page may be served from the page cache (0 turns it off)',
    default: () => 1,
    parse: integer(0, 3600),
  },
  commentsPerMinute: {
    env: 'COMMENTS_PER_MINUTE',
    doc: 'Comments one account may post per minute',
    default: () => 10,
    parse: integer(1, 1_000_000),
  },
  reportsToHide: {
    env: 'REPORTS_TO_HIDE',
    doc: 'Reports from distinct accounts in good standing that hide a comment pending review',
    default: () => 3,
    parse: integer(1, 1000),
  },
  redisUrl: {
    env: 'REDIS_URL',
    doc: 'redis://HOST:PORT to share events and rate limits between instances (empty: in-process)',
    default: () => '',
    parse: (raw) => {
      if (!/^rediss?:\/\/[^\s]+$/.test(raw)) throw new ConfigError('must be a redis:// or rediss:// URL');
      return raw;
    },
  },
  feedSchedule: {
    env: 'FEED_SCHEDULE',
    doc: 'Fetch partner feeds on their schedule in this process',
    default: () => true,
    parse: boolean,
  },
};

/** The settings in order, for the README's table and `parley config`. */
export const settingDocs = Object.values(settings).map((s) => ({ env: s.env, doc: s.doc }));

/**
 * Parses the environment (and the optional file) into a Config, or throws a ConfigError
 * whose message is one line naming the setting.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  let file: Record<string, unknown> = {};
  if (env.PARLEY_CONFIG) {
    try {
      file = JSON.parse(readFileSync(env.PARLEY_CONFIG, 'utf8'));
    } catch (err) {
      throw new ConfigError(`PARLEY_CONFIG: cannot read ${env.PARLEY_CONFIG} as JSON (${(err as Error).message})`);
    }
  }
  const config: Partial<Config> = {};
  for (const key of Object.keys(settings) as (keyof Config)[]) {
    const setting = settings[key] as Setting<typeof key>;
    const fromFile = file[setting.env];
    const raw = env[setting.env] ?? (fromFile === undefined ? undefined : String(fromFile));
    if (raw === undefined || raw === '') {
      (config as Record<string, unknown>)[key] = setting.default(config);
      continue;
    }
    try {
      (config as Record<string, unknown>)[key] = setting.parse(raw);
    } catch (err) {
      if (err instanceof ConfigError) throw new ConfigError(`${setting.env}: ${err.message} (got "${raw.slice(0, 80)}")`);
      throw err;
    }
  }
  return config as Config;
}
