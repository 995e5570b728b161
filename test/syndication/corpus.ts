/**
 * Loaders for the hostile corpora in ../shared/data/security: read as bytes, split on \n only,
 * nothing "cleaned" (README rules). Paths come from PARLEY_SECURITY_DATA or the shared default.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECURITY_DATA = process.env.PARLEY_SECURITY_DATA ?? new URL('../../../shared/data/security/', import.meta.url).pathname;

export const corpusPath = (...parts: string[]) => join(SECURITY_DATA, ...parts);
export const corpusBytes = (...parts: string[]) => readFileSync(corpusPath(...parts));

export function jsonLines<T>(...parts: string[]): T[] {
  return corpusBytes(...parts)
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}
