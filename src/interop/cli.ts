/**
 * `parley import disqus|wordpress|parley FILE [--moderate]` and `parley export [archive|disqus] [--out FILE]`:
 * argument checks, a progress bar on stderr when it is a terminal, the summary line, and the exit codes
 * (0 done, 1 a file at fault — "parley: FILE:LINE: what is wrong" — 2 a usage error).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { loadConfig } from '../config.ts';
import { slugify } from '../domain/story.ts';
import type { ArchiveImportSummary, ImportProgress, ImportSummary } from '../commands/import.ts';
import { ImportFileError } from './xml-stream.ts';

const IMPORT_USAGE = 'usage: parley import disqus|wordpress|parley FILE [--moderate]';
const EXPORT_USAGE = 'usage: parley export [archive|disqus] [--out FILE]';

function usage(message: string): number {
  process.stderr.write(`parley: ${message}\n`);
  return 2;
}

async function openDeps() {
  const { openCommandDeps } = await import('../main.ts');
  return openCommandDeps(loadConfig());
}

/** Redraws one line on stderr at most every 200 ms, only when stderr is a terminal. */
function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return { update: (_p: ImportProgress) => {}, done: () => {} };
  const started = performance.now();
  let last = 0;
  let shown = false;
  return {
    update(p: ImportProgress) {
      const now = performance.now();
      if (now - last < 200 && p.bytes < p.totalBytes) return;
      last = now;
      const share = p.totalBytes ? p.bytes / p.totalBytes : 1;
      const width = 24;
      const filled = Math.round(share * width);
      const rate = p.comments / Math.max(0.001, (now - started) / 1000);
      const mb = (n: number) => (n / 1e6).toFixed(1);
      stream.write(`\r${p.phase.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${mb(p.bytes)}/${mb(p.totalBytes)} MB  ${p.phase === 'importing' ? `${Math.round(rate).toLocaleString('en-US')} comments/s` : ''}\x1b[K`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The summary, in words, one line (plus a warning line for replaced bytes). */
export function describeImport(s: ImportSummary): string {
  const name = s.source === 'disqus' ? 'Disqus' : 'WordPress';
  const b = s.comments.byStatus;
  const parts = [
    `${plural(s.threads.added + s.threads.matched, 'thread')} (${s.threads.added} new stories, ${s.threads.matched} on existing stories)`,
    `${plural(s.comments.added, 'comment')} (${b.published} published, ${b.held} held, ${b.rejected} rejected, ${b.deleted} deleted)`,
    plural(s.authors.added, 'author'),
  ];
  let line = `imported from ${name} (${s.file}): ${parts.join(', ')}; already imported, skipped: ${plural(s.threads.skipped, 'thread')}, ${plural(s.comments.skipped, 'comment')}`;
  if (s.orphans) line += `; ${plural(s.orphans, 'reply', 'replies')} whose parent is missing made top-level`;
  if (s.withoutThread) line += `; ${plural(s.withoutThread, 'comment')} without a thread not imported`;
  if (s.pingbacks) line += `; ${plural(s.pingbacks, 'pingback/trackback', 'pingbacks/trackbacks')} skipped`;
  if (s.moderation) line += `; --moderate: ${s.moderation.checked} checked against the current policy, ${s.moderation.held} held, ${s.moderation.rejected} rejected`;
  if (s.invalidBytes.count) {
    line += `\nwarning: ${plural(s.invalidBytes.count, 'invalid UTF-8 byte')} replaced by U+FFFD (line ${s.invalidBytes.lines.join(', ')}${s.invalidBytes.count > s.invalidBytes.lines.length ? ', …' : ''})`;
  }
  return line;
}

export function describeArchiveImport(s: ArchiveImportSummary): string {
  const list = (bucket: Record<string, number>) => Object.entries(bucket).map(([t, n]) => `${n} ${t}`).join(', ') || 'nothing';
  let line = `imported from the Parley archive (${s.file}): ${list(s.added)}; already here, skipped: ${list(s.skipped)}`;
  if (s.accountsWithoutPassword) line += `; ${plural(s.accountsWithoutPassword, 'account')} restored without a password (${s.staffWithoutPassword} moderators or admins)`;
  if (s.emailsTaken) line += `; ${plural(s.emailsTaken, 'account')} whose email was taken here kept apart under an address of their own`;
  return line;
}

export async function runImport(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { moderate: { type: 'boolean' } } });
  } catch (err) {
    return usage(`${(err as Error).message}\n${IMPORT_USAGE}`);
  }
  const [format, file, ...extra] = parsed.positionals;
  if (format !== 'disqus' && format !== 'wordpress' && format !== 'parley') return usage(`import what? (disqus, wordpress, parley)\n${IMPORT_USAGE}`);
  if (!file || extra.length) return usage(IMPORT_USAGE);
  if (!existsSync(file) || !statSync(file).isFile()) return usage(`${file}: no such file`);
  if (format === 'parley' && parsed.values.moderate) return usage('--moderate is for disqus and wordpress imports (an archive keeps its own decisions)');
  const { deps, database } = await openDeps();
  const bar = progressBar();
  try {
    const { importFile, importArchive } = await import('../commands/import.ts');
    if (format === 'parley') {
      const summary = await importArchive(deps, { file, onProgress: bar.update });
      bar.done();
      process.stdout.write(`${describeArchiveImport(summary)}\n`);
    } else {
      const summary = await importFile(deps, { source: format, file, moderate: parsed.values.moderate, onProgress: bar.update });
      bar.done();
      process.stdout.write(`${describeImport(summary)}\n`);
    }
    return 0;
  } catch (err) {
    bar.done();
    if (err instanceof ImportFileError) {
      process.stderr.write(`parley: ${file}:${err.line}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export async function runExport(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  } catch (err) {
    return usage(`${(err as Error).message}\n${EXPORT_USAGE}`);
  }
  const [what = 'archive', ...extra] = parsed.positionals;
  if ((what !== 'archive' && what !== 'disqus') || extra.length) return usage(EXPORT_USAGE);
  const { deps, database, config } = await openDeps();
  // Written beside the target and renamed at the end, so an export that fails leaves no partial file.
  const target = parsed.values.out;
  const partial = target ? `${target}.partial-${randomBytes(4).toString('hex')}` : undefined;
  const out: Writable = partial ? createWriteStream(partial) : process.stdout;
  try {
    if (what === 'archive') {
      const { exportArchive } = await import('../queries/export-archive.ts');
      const { instanceId } = await import('../store/imports.ts');
      const instance = await instanceId(deps.db, () => randomBytes(9).toString('base64url'));
      for await (const record of exportArchive(deps.db, { instance, site: config.publicUrl, now: deps.clock() })) await write(out, `${JSON.stringify(record)}\n`);
    } else {
      const { exportDisqus } = await import('../queries/export-disqus.ts');
      for await (const chunk of exportDisqus(deps.db, { forum: slugify(new URL(config.publicUrl).hostname) })) await write(out, chunk);
    }
    if (partial) {
      out.end();
      await once(out, 'finish');
      await rename(partial, target!);
    }
    return 0;
  } catch (err) {
    if (partial) {
      out.destroy();
      await rm(partial, { force: true });
    }
    throw err;
  } finally {
    await database.close();
  }
}
