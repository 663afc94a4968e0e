import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the built binary; give slow CI machines room.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    setupFiles: ['./test/helpers/turn-event-loop.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
