import { defineConfig } from 'vitest/config';

// Two projects: every test on SQLite, and the end-to-end and service tests again on a throwaway
// PostgreSQL server (test/helpers/engines.ts says how a test is marked SQLite-only).
export default defineConfig({
  test: {
    // End-to-end tests spawn the built binary; give slow CI machines room.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    setupFiles: ['./test/helpers/turn-event-loop.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/e2e/**/*.test.ts', 'test/services/**/*.test.ts'],
          env: { CRM_TEST_ENGINE: 'postgres' },
          globalSetup: ['test/helpers/postgres-global.ts'],
          setupFiles: ['test/helpers/postgres-env.ts'],
        },
      },
    ],
  },
});
