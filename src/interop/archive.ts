/**
 * Reading a Parley archive (see archive-format.ts) line by line, and checking a whole archive before any of
 * it is stored: every line JSON, the header first, known types, every listed column present with a plain
 * value, references pointing at records earlier in the file, and an end record whose counts match (so a
 * truncated archive is refused). Errors carry the line number.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, COLUMNS, NESTED, REFS, TOP_LEVEL, type ArchiveRecord } from './archive-format.ts';
import { webUrl } from './model.ts';
import { ImportFileError } from './xml-stream.ts';

export interface ArchiveHeader {
  instance: string;
  site: string;
}

export async function* readArchive(file: string, options: { onBytes?: (bytes: number) => void } = {}): AsyncGenerator<{ line: number; record: ArchiveRecord }> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 }), crlfDelay: Infinity });
  let line = 0;
  let bytes = 0;
  for await (const text of lines) {
    line++;
    bytes += Buffer.byteLength(text) + 1;
    if (line % 1000 === 0) options.onBytes?.(bytes);
    if (!text.trim()) continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (err) {
      throw new ImportFileError(line, `not JSON: ${(err as Error).message}`);
    }
    if (!record || typeof record !== 'object' || Array.isArray(record) || typeof (record as ArchiveRecord).type !== 'string') {
      throw new ImportFileError(line, 'a record is a JSON object with a "type"');
    }
    yield { line, record: record as ArchiveRecord };
  }
  options.onBytes?.(bytes);
}

const URL_COLUMNS = new Set(['site_url', 'feed_url', 'original_url', 'image_url']);
const plain = (v: unknown) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

function checkRow(line: number, type: keyof typeof COLUMNS, row: Record<string, unknown>, seen: Map<string, Set<number>>, self?: number, forward?: Map<number, number>): void {
  for (const c of COLUMNS[type]) {
    if (!(c in row) || !plain(row[c])) throw new ImportFileError(line, `${type}: "${c}" is missing or not a plain value`);
    // Addresses readers are sent to or that are fetched: web addresses only, never javascript: and the like.
    if (URL_COLUMNS.has(c) && typeof row[c] === 'string' && row[c] !== '' && !webUrl(row[c] as string)) {
      throw new ImportFileError(line, `${type}: "${c}" is not an http(s) URL`);
    }
  }
  for (const [field, target] of Object.entries(REFS[type]) as [string, string][]) {
    const v = row[field];
    if (v === null || v === undefined) continue;
    if (!isId(v)) throw new ImportFileError(line, `${type}: "${field}" is not an id`);
    if (target === 'comment') {
      // Usually an earlier comment; one named before it appears must appear later (checked at the end).
      if (v === self) throw new ImportFileError(line, `${type}: "${field}" names the comment itself`);
      if (v > (self ?? 0) && forward) forward.set(v, forward.get(v) ?? line);
    } else if (!seen.get(target)?.has(v)) {
      throw new ImportFileError(line, `${type}: "${field}" names ${target} ${v}, which is not earlier in the archive`);
    }
  }
}

/** Reads the whole archive and stores nothing; throws ImportFileError at the first fault. */
export async function checkArchive(file: string, options: { onBytes?: (bytes: number) => void } = {}): Promise<{ header: ArchiveHeader; counts: Record<string, number> }> {
  let header: ArchiveHeader | undefined;
  let ended = false;
  const counts: Record<string, number> = {};
  const seen = new Map<string, Set<number>>(['user', 'publisher', 'author', 'story', 'takedown', 'account_action'].map((t) => [t, new Set<number>()]));
  let lastComment = 0;
  /** Comments named as a parent or root before they appear, and the line that named them. */
  const forward = new Map<number, number>();
  let lastLine = 1;
  for await (const { line, record } of readArchive(file, options)) {
    lastLine = line;
    if (ended) throw new ImportFileError(line, 'records after the end record');
    if (!header) {
      if (record.type !== 'archive' || record.format !== ARCHIVE_FORMAT) throw new ImportFileError(line, 'this is not a Parley archive (the first line is not its header)');
      if (record.version !== ARCHIVE_VERSION) throw new ImportFileError(line, `archive version ${String(record.version)} is not one this Parley reads (${ARCHIVE_VERSION})`);
      if (typeof record.instance !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(record.instance)) throw new ImportFileError(line, 'the header has no valid "instance"');
      header = { instance: record.instance, site: typeof record.site === 'string' ? record.site : '' };
      continue;
    }
    if (record.type === 'end') {
      const expected = record.counts as Record<string, unknown> | undefined;
      for (const type of new Set([...Object.keys(expected ?? {}), ...Object.keys(counts)])) {
        if ((expected?.[type] ?? 0) !== (counts[type] ?? 0)) {
          throw new ImportFileError(line, `the end record counts ${String(expected?.[type] ?? 0)} ${type} records, the archive holds ${counts[type] ?? 0}`);
        }
      }
      ended = true;
      continue;
    }
    const type = record.type as (typeof TOP_LEVEL)[number];
    if (!(TOP_LEVEL as readonly string[]).includes(type)) throw new ImportFileError(line, `unknown record type "${record.type}"`);
    counts[type] = (counts[type] ?? 0) + 1;
    const hasId = !['setting', 'policy', 'author_alias', 'import_key'].includes(type);
    if (hasId && !isId(record.id)) throw new ImportFileError(line, `${type}: "id" is not an id`);
    if (type === 'comment') {
      if ((record.id as number) <= lastComment) throw new ImportFileError(line, 'comments must come in increasing id order');
      lastComment = record.id as number;
      forward.delete(lastComment);
    }
    checkRow(line, type, record, seen, record.id as number | undefined, forward);
    if (type === 'story' || type === 'comment') {
      for (const [field, nestedType] of Object.entries(NESTED[type]) as [string, keyof typeof COLUMNS][]) {
        const list = record[field];
        if (!Array.isArray(list)) throw new ImportFileError(line, `${type}: "${field}" is not a list`);
        for (const item of list) {
          if (!item || typeof item !== 'object') throw new ImportFileError(line, `${type}: an item of "${field}" is not an object`);
          checkRow(line, nestedType, item as Record<string, unknown>, seen);
        }
      }
    }
    if (type === 'import_key') {
      if (!['story', 'comment', 'user'].includes(record.kind as string)) throw new ImportFileError(line, `import_key: unknown kind "${String(record.kind)}"`);
      if (!isId(record.target_id)) throw new ImportFileError(line, 'import_key: "target_id" is not an id');
      if (typeof record.key !== 'string' || record.key.startsWith('parley:')) throw new ImportFileError(line, 'import_key: "key" is not a key from another source');
    }
    if (hasId) seen.get(type)?.add(record.id as number);
  }
  if (!header) throw new ImportFileError(1, 'the archive is empty');
  if (!ended) throw new ImportFileError(lastLine, 'the archive stops before its end record (cut off?)');
  for (const [id, line] of forward) throw new ImportFileError(line, `comment ${id}, named here as a parent, is not in the archive`);
  return { header, counts };
}
