/**
 * `npm run test:live`'s code against the in-process fake TikTok (which speaks TikTok's protocol):
 * the check runs end to end, its report answers the open questions, names the refresh behaviour
 * the fake was set to, and holds no secret; the rotated refresh token is saved apart. And the
 * command without its variables prints what it needs and exits 0.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { MISSING_KEY_BEHAVIOURS, type MissingKeyBehaviour } from '../fake/tiktok.mts';
import { createTikTokTestEnv, type TikTokTestEnv } from '../harness/tiktok-env.mts';
import { LIVE_VARIABLES, readLiveConfig, runLiveCheck } from '../live/check.mts';

const root = resolve(import.meta.dirname, '../..');
const SCOPES = [
	'user.info.basic',
	'user.info.profile',
	'video.list',
	'video.upload',
	'video.publish',
];

describe('live check (npm run test:live) against the fake TikTok', () => {
	let env: TikTokTestEnv;
	let outDir: string;

	beforeEach(async () => {
		env = await createTikTokTestEnv();
		outDir = mkdtempSync(join(tmpdir(), 'tiktok-live-'));
	});
	afterEach(async () => {
		await env.stop();
		rmSync(outDir, { recursive: true, force: true });
	});

	async function check(behaviour: MissingKeyBehaviour, expected: Record<string, string>) {
		env.fake.missingKeyBehaviour = behaviour;
		env.fake.posts.nextOutcome = { final: 'SEND_TO_USER_INBOX', pollsUntilDone: 2 };
		const tokens = env.fake.grantTokens(SCOPES);
		const { config } = readLiveConfig(
			{
				TIKTOK_LIVE_CLIENT_KEY: env.fake.clientKey,
				TIKTOK_LIVE_CLIENT_SECRET: env.fake.clientSecret,
				TIKTOK_LIVE_REFRESH_TOKEN: tokens.refresh_token,
				TIKTOK_LIVE_OUT_DIR: outDir,
				...expected,
			},
			'unused',
		);
		const report = await runLiveCheck(env.n8n, config!, 'the fake TikTok');
		const saved = readFileSync(report.refreshTokenFile, 'utf8').trim();
		return { report, tokens, saved };
	}

	it.each(Object.keys(MISSING_KEY_BEHAVIOURS) as MissingKeyBehaviour[])(
		'runs end to end when TikTok %s, and reports it without a secret',
		async (behaviour) => {
			const { report, tokens, saved } = await check(behaviour, {
				TIKTOK_LIVE_USERNAME: '@demo.creator',
			});
			expect(report.failures).toEqual([]);
			expect(readFileSync(report.reportFile, 'utf8')).toBe(report.markdown);
			const md = report.markdown;
			expect(md).toContain(`TikTok ${MISSING_KEY_BEHAVIOURS[behaviour]} (${behaviour})`);
			for (const line of [
				'| Refresh with rotation (Refresh Token credential) | passed | access token obtained; the refresh token was rotated',
				'| User > Get Profile | passed | the expected account (@demo.creator, "Demo Creator") |',
				'| Post > Get Creator Info | passed | creator @demo.creator',
				'| Video > Get Many | passed |',
				'| Post > Create Video Post (draft, followed to SEND_TO_USER_INBOX) | passed | status SEND_TO_USER_INBOX, 425584 bytes in 1 chunk(s) of 425584 |',
				'**Chunk sizes TikTok accepted**: `video_size` 425584, `chunk_size` 425584, `total_chunk_count` 1',
				'**Rotation**: every refresh returned a new refresh token, and the previous one was refused afterwards (HTTP 400, `invalid_grant`',
			])
				expect(md).toContain(line);
			if (behaviour === 'readsKeyFromQuery') {
				expect(md).toContain('**`client_id` next to `client_key`**: harmless here');
				expect(md).toContain('**Lifetimes**');
			} else {
				expect(md).toContain(
					`**HTTP status of a token error** (missing \`client_key\`): ${behaviour === 'answers4xx' ? 400 : 200}, \`invalid_request\`.`,
				);
			}
			// The saved token is the one TikTok issued last, and it works; the one given is spent.
			expect(saved).toMatch(/^rft\./);
			expect(saved).not.toBe(tokens.refresh_token);
			const sentRefreshTokens = env.fake.requests.flatMap((r) => r.form?.refresh_token ?? []);
			expect(sentRefreshTokens).not.toContain(saved);
			const reuse = await env.n8n.run({
				parameters: {
					authentication: 'refreshToken',
					resource: 'user',
					operation: 'get',
					fields: ['open_id'],
				},
				credentials: {
					tikTokRefreshTokenApi: await env.store.add('tikTokRefreshTokenApi', {
						clientKey: env.fake.clientKey,
						clientSecret: env.fake.clientSecret,
						refreshToken: saved,
					}),
				},
			});
			expect(reuse.error).toBeUndefined();
			expect(statSync(report.refreshTokenFile).mode & 0o777).toBe(0o600);
			// No secret: neither the client's nor any token TikTok issued in the run.
			for (const secret of [
				env.fake.clientKey,
				env.fake.clientSecret,
				tokens.refresh_token,
				tokens.access_token,
				saved,
				...sentRefreshTokens,
				...env.fake.requests.flatMap((r) => r.headers.authorization ?? []),
			])
				expect(md).not.toContain(secret.replace(/^Bearer /, ''));
			expect(md).not.toMatch(/\b(act|rft)\.[A-Za-z0-9]/);
		},
	);

	it('fails the step when the account is not the expected one', async () => {
		const { report } = await check('readsKeyFromQuery', { TIKTOK_LIVE_OPEN_ID: 'someone-else' });
		expect(report.failures).toEqual([
			'User > Get Profile: not the expected account: got open_id -000OpenIdOfTheDemoCreator',
		]);
	});
});

describe('npm run test:live without its variables', () => {
	it('prints what it needs and exits 0', () => {
		const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
		const output = execFileSync('npx', ['tsx', 'test/live/main.mts'], {
			cwd: root,
			env,
			encoding: 'utf8',
		});
		expect(output).toContain('Skipped: set TIKTOK_LIVE_CLIENT_KEY, TIKTOK_LIVE_CLIENT_SECRET');
		for (const name of Object.keys(LIVE_VARIABLES)) expect(output).toContain(name);
		expect(output).not.toContain('Test Files');
	}, 60_000);
});
