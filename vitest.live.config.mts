import { defineConfig } from 'vitest/config';

import unitConfig from './vitest.config.mts';

/**
 * `npm run test:live` only (test/live/main.mts starts it): the check against the real TikTok,
 * with the test suite's resolution and setup, and only the live test.
 */
export default defineConfig({
	...unitConfig,
	test: {
		...unitConfig.test,
		include: ['test/live/**/*.live.mts'],
		testTimeout: 900_000,
	},
});
