import { defineConfig } from 'vitest/config';

// Projects so a fast loop exists: `npm run test:unit` runs only the in-process tests;
// `npm test` builds the CLI first and also runs the end-to-end tests that spawn it.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Minutes long (kill/resume loops, faults, expiring tokens): `npm run test:reliability`, not `npm test`.
        // Every file at once: they mostly wait on Retry-After pauses and rate limits, not on the CPU.
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 60_000,
          maxWorkers: 5,
          // A maxWorkers of its own needs a group of its own when every project runs (`vitest run`): after the others.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
