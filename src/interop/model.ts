/**
 * What an import file says, in one shape whichever format it came in: threads (the pages a discussion
 * hangs under) and comments, each with its source key. Keys are stable across exports of the same site,
 * which is what makes an import idempotent. Bodies are still the source's HTML here; the importer converts
 * and sanitises them.
 */
import type { CommentStatus } from '../domain/comment.ts';

export type ImportSource = 'disqus' | 'wordpress';

/** The site the threads came from; stories created for them belong to a publisher made for it. */
export interface ImportSite {
  slug: string;
  name: string;
  url: string;
}

export interface ImportAuthor {
  /** e.g. "disqus:author:username:jane" or "disqus:author:email:<sha-256>". */
  key: string;
  name: string;
}

export interface ImportThread {
  kind: 'thread';
  line: number;
  key: string;
  site: ImportSite;
  url: string;
  title: string;
  bodyHtml: string;
  createdAt: string;
  closed: boolean;
  deleted: boolean;
}

export interface ImportComment {
  kind: 'comment';
  line: number;
  key: string;
  threadKey: string;
  parentKey: string | null;
  author: ImportAuthor;
  /** The source's HTML, unsanitised. */
  html: string;
  createdAt: string;
  status: CommentStatus;
  /** The source marked it as spam (stored as rejected with the spam flag). */
  spam: boolean;
}

/** A comment the importer passes over, counted in the summary (e.g. a WordPress pingback). */
export interface ImportSkip {
  kind: 'skip';
  line: number;
  why: 'pingback';
}

export type ImportRecord = ImportThread | ImportComment | ImportSkip;

/** The ISO 8601 UTC form of a date the file gives, or undefined when it is not a date. A date and time without
 * a zone ("2013-01-01 12:00:00", as in WordPress's *_gmt fields, or Disqus's "2013-01-01T12:00:00") is UTC. */
export function isoDate(text: string): string | undefined {
  let t = text.trim();
  if (!t) return undefined;
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t)) t = `${t.replace(' ', 'T')}Z`;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** The URL when it is an absolute http(s) one (a page a reader may be sent to), else undefined. */
export function webUrl(text: string): URL | undefined {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
