/**
 * `npm run test:live`: without its variables it says what it needs and exits 0 (not a test);
 * with them it runs test/live/tiktok.live.mts under vitest (the engine harness needs vitest's
 * setup), with the proxy and extra CA of the variables in the run's environment, where n8n's
 * outbound HTTP reads them (NODE_EXTRA_CA_CERTS only works from a process's start).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

import { liveHelpText, readLiveConfig } from './check.mts';

const root = resolve(import.meta.dirname, '../..');
const { config, missing } = readLiveConfig(process.env, resolve(root, '.live'));
if (!config) {
	process.stdout.write(`${liveHelpText(missing)}\n`);
	process.exit(0);
}

const env: NodeJS.ProcessEnv = { ...process.env, TIKTOK_LIVE_OUT_DIR: config.outDir };
if (config.httpsProxy) {
	env.HTTPS_PROXY = config.httpsProxy;
	env.https_proxy = config.httpsProxy;
}
if (config.caFile) env.NODE_EXTRA_CA_CERTS = config.caFile;
const run = spawnSync(
	process.execPath,
	[
		resolve(root, 'node_modules/vitest/vitest.mjs'),
		'run',
		'--config',
		resolve(root, 'vitest.live.config.mts'),
	],
	{ cwd: root, env, stdio: 'inherit' },
);
process.exit(run.status ?? 1);
