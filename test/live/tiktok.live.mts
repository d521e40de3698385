/**
 * The live check's one test (run by `npm run test:live`, never by npm test): the whole check
 * of check.mts against the TikTok of the environment, with n8n's production waits.
 */
import { expect, it } from 'vitest';

import { DEFAULT_POLICIES } from '../../nodes/TikTok/transport/policies.ts';
import { startN8n } from '../harness/engine.mts';
import { readLiveConfig, runLiveCheck } from './check.mts';

it('TikTok answers the live check', async () => {
	const { config, missing } = readLiveConfig(process.env, '.live');
	if (!config) throw new Error(`Missing ${missing.join(', ')}: run it with npm run test:live`);
	// Production retry and polling waits: the real TikTok must not be polled every few milliseconds.
	const n8n = await startN8n(undefined, DEFAULT_POLICIES);
	const target = config.httpsProxy
		? `TikTok's hosts through the https proxy ${new URL(config.httpsProxy).host}`
		: "TikTok's hosts (open.tiktokapis.com and the upload host it names)";
	const report = await runLiveCheck(n8n, config, target);
	process.stdout.write(
		`\n${report.markdown}\nReport: ${report.reportFile}\nNew refresh token (single-use; the one you gave is used up): ${report.refreshTokenFile}\n\n`,
	);
	expect(report.failures).toEqual([]);
}, 900_000);
