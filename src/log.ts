/**
 * The structured logger (pino, the same one Fastify uses). Constant messages, ids in fields;
 * never a comment body, an email or an IP address at info level.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: undefined, redact: ['req.headers.cookie', 'req.headers.authorization'] });
}
