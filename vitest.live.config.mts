import { createRequire } from 'node:module';

import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/** `npm run test:live` only (test/live/main.mts starts it): the check against the real TikTok. */
export default defineConfig({
	resolve: { alias: { 'n8n-workflow': require.resolve('n8n-workflow') } },
	test: {
		include: ['test/live/**/*.live.mts'],
		pool: 'forks',
		testTimeout: 900_000,
		setupFiles: ['test/harness/setup.mts'],
	},
});
