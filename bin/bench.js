#!/usr/bin/env node
// `npm run bench -- NAME`: runs bench/NAME.ts (each benchmark prints Parley, its baseline and the ratio).
import { readdirSync } from 'node:fs';
import { register } from 'tsx/esm/api';

const names = readdirSync(new URL('../bench/', import.meta.url))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .map((f) => f.slice(0, -3));
const name = process.argv[2];
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (one of: ${names.join(', ')})`);
  process.exit(2);
}
register();
await import(`../bench/${name}.ts`);
