import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Generous: some suites start real instances or post every naughty string; a hang still fails.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
});
