import { defineConfig } from 'vitest/config';

// Three projects, run by `make test` in this order:
//   unit   – server runtime, build scripts, codec vectors and fuzzing (Node)
//   webapp – React components with Testing Library (jsdom)
//   e2e    – browser tests against the built bundle (needs `make dist` first)
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['server/**/*.test.ts', 'build/**/*.test.ts', 'bench/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'webapp',
          environment: 'jsdom',
          include: ['webapp/src/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['webapp/tests/browser/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
