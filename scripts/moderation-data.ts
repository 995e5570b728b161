/**
 * Shared helpers for the moderation scripts (train, eval): where the labelled data sets live and a small
 * RFC 4180 CSV reader. The data stays in ../shared/data (never copied into the repo); a missing folder
 * stops the script with a message that says where it looked.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_DIR = resolve(REPO_ROOT, '../shared/data');

export function dataPath(...parts: string[]): string {
  const p = resolve(DATA_DIR, ...parts);
  if (!existsSync(p)) {
    console.error(`moderation data not found: ${p}\n` +
      `The labelled data sets are expected in ../shared/data next to the repository (see docs/moderation.md).`);
    process.exit(2);
  }
  return p;
}

export function readText(...parts: string[]): string {
  return readFileSync(dataPath(...parts), 'utf8');
}

/** Parse CSV (quoted fields, doubled quotes, newlines inside quotes) into rows of strings. */
// Tab-separated files here (SMS Spam Collection) use no quoting: a leading '"' is part of the message.
export function parseCsv(text: string, sep = ',', quoting = sep !== '\t'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (quoting && c === '"' && field === '') quoted = true;
    else if (c === sep) { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field.endsWith('\r') ? field.slice(0, -1) : field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/** CSV rows as objects keyed by the header row. */
export function readCsv(sep: string, ...parts: string[]): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readText(...parts), sep);
  return rows.filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** Deterministic 32-bit string hash (FNV-1a), used for splits and feature hashing. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The fixed held-out split: 20 % of rows by a hash of their text, never trained on.
 *
 * SMS spam is split afresh: its first held-out rows had their errors read while the spam cues were
 * written, so they could no longer measure those cues. They are training rows now, and the held-out rows
 * are a new draw (a quarter of the rest, 20 % of the set) from rows nobody has read.
 */
export function isHeldOut(text: string, set?: string): boolean {
  const first = fnv1a('split:' + text) % 5 === 0;
  if (set === 'sms-spam') return !first && fnv1a('sms-fresh:' + text) % 4 === 0;
  return first;
}

/** A seeded random source (mulberry32): training and the generated sentences are the same on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
