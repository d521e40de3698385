import { createRequire } from 'node:module';

import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
	// One copy of n8n-workflow: n8n-core requires the CommonJS build, so the tests must too,
	// or `instanceof NodeApiError` fails across the two copies.
	resolve: { alias: { 'n8n-workflow': require.resolve('n8n-workflow') } },
	test: {
		include: ['test/{unit,engine,package}/**/*.test.mts'],
		pool: 'forks',
		testTimeout: 30_000,
		setupFiles: ['test/harness/setup.mts'],
	},
});
