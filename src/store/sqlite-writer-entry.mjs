// The SQLite writer thread's first module: it registers the TypeScript loader (tsx), as bin/parley.js does
// for the main thread, then loads the thread itself (sqlite-writer-thread.ts).
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-writer-thread.ts');
