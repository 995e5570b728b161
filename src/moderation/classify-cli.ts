/**
 * `parley classify [--policy FILE]`: runs the moderation pipeline over JSON Lines — stdin {"id","text"} per line,
 * stdout {"id","action","labels":{category:score},"reasons":[…]} per line — for evaluation and for back-testing a
 * policy change on exported comments. A bad line yields an {"id","error"} line and exit code 1, never a crash.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { CATEGORIES, type Policy } from '../domain/moderation.ts';
import { NO_CONTEXT } from './analysis.ts';
import { maxScores } from './decide.ts';
import { DEFAULT_POLICY } from './default-policy.ts';
import { moderate } from './moderate.ts';

const USAGE = 'usage: parley classify [--policy FILE] < comments.jsonl > decisions.jsonl';

/** Check a policy file has every field decide() reads; returns a message for the first problem. */
export function validatePolicy(p: unknown): string | undefined {
  if (typeof p !== 'object' || p === null) return 'policy must be a JSON object';
  const o = p as Record<string, unknown>;
  if (typeof o.version !== 'number') return 'policy.version must be a number';
  if (!['premoderate-all', 'premoderate-suspicious', 'postmoderate'].includes(o.mode as string)) return 'policy.mode must be premoderate-all, premoderate-suspicious or postmoderate';
  if (typeof o.newCommenterHoldCount !== 'number') return 'policy.newCommenterHoldCount must be a number';
  const cats = o.categories as Record<string, { threshold?: unknown; action?: unknown }> | undefined;
  if (typeof cats !== 'object' || cats === null) return 'policy.categories must be an object';
  for (const c of CATEGORIES) {
    const r = cats[c];
    if (!r || typeof r.threshold !== 'number' || r.threshold < 0 || r.threshold > 1) return `policy.categories.${c}.threshold must be a number from 0 to 1`;
    if (!['reject', 'hold', 'allow'].includes(r.action as string)) return `policy.categories.${c}.action must be reject, hold or allow`;
  }
  return undefined;
}

export async function runClassify(args: string[], input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  let policy: Policy = DEFAULT_POLICY;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--policy' && args[i + 1]) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readFile(args[++i], 'utf8'));
      } catch (err) {
        output.write(JSON.stringify({ error: `cannot read policy ${args[i]}: ${(err as Error).message}` }) + '\n');
        return 2;
      }
      const problem = validatePolicy(parsed);
      if (problem) {
        output.write(JSON.stringify({ error: problem }) + '\n');
        return 2;
      }
      policy = parsed as Policy;
    } else if (args[i] === '--help' || args[i] === '-h') {
      output.write(USAGE + '\n');
      return 0;
    } else {
      output.write(JSON.stringify({ error: `unknown argument ${args[i]}`, usage: USAGE }) + '\n');
      return 2;
    }
  }
  let failed = false;
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let id: unknown = null;
    try {
      const row = JSON.parse(line) as { id?: unknown; text?: unknown };
      id = row.id ?? null;
      if (typeof row.text !== 'string') throw new Error('"text" must be a string');
      const d = moderate({ text: row.text }, NO_CONTEXT, policy);
      const scores = maxScores(d.labels);
      const labels: Record<string, number> = {};
      for (const c of CATEGORIES) if (scores[c] > 0) labels[c] = Math.round(scores[c] * 1000) / 1000;
      const out: Record<string, unknown> = { id, action: d.action, labels, reasons: d.reasons, policyVersion: d.policyVersion };
      if (!output.write(JSON.stringify(out) + '\n')) await new Promise((r) => output.once('drain', r));
    } catch (err) {
      failed = true;
      output.write(JSON.stringify({ id, error: (err as Error).message }) + '\n');
    }
  }
  return failed ? 1 : 0;
}
