import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'signal-server/**/*.test.ts', 'web/**/*.test.ts', 'peer/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
