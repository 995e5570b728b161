/**
 * One key per item within a feed, stable across fetches. The first item with a GUID keeps it; a later
 * item reusing that GUID for a different link (or, without links, a different title and date) gets the
 * GUID plus a hash of what distinguishes it; an exact repeat (same GUID, same link) is dropped.
 */
import { createHash } from 'node:crypto';

export const shortHash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

export interface Keyed {
  guid: string;
  link: string | null;
  title: string;
  published: string | null;
}

export function dedupeItems<T extends Keyed>(items: readonly T[]): T[] {
  const byGuid = new Map<string, Set<string>>();
  const used = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const identity = item.link ?? `${item.title}\n${item.published ?? ''}`;
    let seen = byGuid.get(item.guid);
    if (seen?.has(identity)) continue;
    const key = seen ? `${item.guid}#${shortHash(identity).slice(0, 16)}` : item.guid;
    if (used.has(key)) continue;
    if (!seen) byGuid.set(item.guid, (seen = new Set()));
    seen.add(identity);
    used.add(key);
    out.push(key === item.guid ? item : { ...item, guid: key });
  }
  return out;
}
