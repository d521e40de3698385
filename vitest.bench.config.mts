import { createRequire } from 'node:module';

import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/** `npm run bench`: the upload benchmark, apart from the test suite (it moves 2 GiB). */
export default defineConfig({
	resolve: { alias: { 'n8n-workflow': require.resolve('n8n-workflow') } },
	test: {
		include: ['test/bench/**/*.bench.test.mts'],
		pool: 'forks',
		// Exposed GC lets the bench start each measurement from a collected heap.
		execArgv: ['--expose-gc'],
		testTimeout: 15 * 60_000,
		hookTimeout: 5 * 60_000,
		globalSetup: ['test/bench/global-setup.mts'],
		setupFiles: ['test/harness/setup.mts'],
	},
});
