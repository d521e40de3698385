/**
 * The live check (`npm run test:live`): this package's node, run through n8n-core's real engine
 * with the TikTok Refresh Token API credential, against the TikTok named by the environment (the
 * real one with a sandbox app, or the local emulator). It answers the open questions of
 * docs/live-check.md in a Markdown report without secrets, and saves the rotated refresh token
 * (single-use: the one the user gave is dead after the run) in a file of its own.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INode, IHttpRequestOptions, Workflow } from 'n8n-workflow';
import { getRequestHelperFunctions } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/factory.js';

import { TIKTOK_TOKEN_URL } from '../../nodes/TikTok/auth/endpoints.ts';
import { MISSING_KEY_BEHAVIOURS, type MissingKeyBehaviour } from '../fake/tiktok.mts';
import { readFixture } from '../fixtures/fixtures.mts';
import { storeBinary } from '../harness/binary.mts';
import type { N8nInstance, RunResult } from '../harness/engine.mts';

/** The environment variables of the live check, and what each is for (the help text lists them). */
export const LIVE_VARIABLES = {
	TIKTOK_LIVE_CLIENT_KEY: 'Client Key of the sandbox app (developer portal > app > Sandbox)',
	TIKTOK_LIVE_CLIENT_SECRET: 'Client Secret of the same sandbox',
	TIKTOK_LIVE_REFRESH_TOKEN:
		'a refresh token ("rft.…") of a sandbox target user, with the scopes user.info.basic, video.list, video.upload, video.publish (Get Creator Info needs it) (single-use: the run rotates it and saves the new one)',
	TIKTOK_LIVE_OPEN_ID: "the sandbox account's expected open_id (or TIKTOK_LIVE_USERNAME)",
	TIKTOK_LIVE_USERNAME:
		"the sandbox account's expected username, without @ (needs the user.info.profile scope; or TIKTOK_LIVE_OPEN_ID)",
	TIKTOK_LIVE_HTTPS_PROXY:
		"optional: an https proxy every request to TikTok goes through, e.g. the local emulator's proxyUrl (test/e2e/emulator.mts)",
	TIKTOK_LIVE_CA_FILE:
		"optional: a PEM certificate to trust besides the system's, e.g. the emulator's caFile",
	TIKTOK_LIVE_OUT_DIR: 'optional: where the report and the new refresh token go (default .live/)',
} as const;

export interface LiveConfig {
	clientKey: string;
	clientSecret: string;
	refreshToken: string;
	expectedOpenId?: string;
	expectedUsername?: string;
	httpsProxy?: string;
	caFile?: string;
	outDir: string;
}

/** The configuration from `env`, or the names of the variables still missing. */
export function readLiveConfig(
	env: Record<string, string | undefined>,
	defaultOutDir: string,
): { config: LiveConfig; missing: [] } | { config?: undefined; missing: string[] } {
	const value = (name: keyof typeof LIVE_VARIABLES) => env[name]?.trim() || undefined;
	const missing: string[] = (
		['TIKTOK_LIVE_CLIENT_KEY', 'TIKTOK_LIVE_CLIENT_SECRET', 'TIKTOK_LIVE_REFRESH_TOKEN'] as const
	).filter((name) => !value(name));
	if (!value('TIKTOK_LIVE_OPEN_ID') && !value('TIKTOK_LIVE_USERNAME'))
		missing.push('TIKTOK_LIVE_OPEN_ID or TIKTOK_LIVE_USERNAME');
	if (missing.length > 0) return { missing };
	return {
		missing: [],
		config: {
			clientKey: value('TIKTOK_LIVE_CLIENT_KEY')!,
			clientSecret: value('TIKTOK_LIVE_CLIENT_SECRET')!,
			refreshToken: value('TIKTOK_LIVE_REFRESH_TOKEN')!,
			expectedOpenId: value('TIKTOK_LIVE_OPEN_ID'),
			expectedUsername: value('TIKTOK_LIVE_USERNAME')?.replace(/^@/, ''),
			httpsProxy: value('TIKTOK_LIVE_HTTPS_PROXY'),
			caFile: value('TIKTOK_LIVE_CA_FILE'),
			outDir: value('TIKTOK_LIVE_OUT_DIR') ?? defaultOutDir,
		},
	};
}

/** What `npm run test:live` prints when variables are missing. */
export function liveHelpText(missing: string[]): string {
	const width = Math.max(...Object.keys(LIVE_VARIABLES).map((name) => name.length));
	return [
		'npm run test:live: a check against the real TikTok with a sandbox app (not part of npm test).',
		`Skipped: set ${missing.join(', ')}.`,
		'',
		'Variables:',
		...Object.entries(LIVE_VARIABLES).map(([name, what]) => `  ${name.padEnd(width)}  ${what}`),
		'',
		'It refreshes the token (TikTok rotates it: the new one is saved to <out dir>/refresh-token.txt),',
		'reads the profile, the creator info and the videos, uploads a 3-second draft to the inbox, and',
		'writes <out dir>/report.md (no secrets). See "Live check" in the README.',
	].join('\n');
}

type StepOutcome = 'passed' | 'failed' | 'skipped';

interface Step {
	name: string;
	outcome: StepOutcome;
	detail: string;
}

export interface LiveReport {
	markdown: string;
	reportFile: string;
	refreshTokenFile: string;
	failures: string[];
}

/** What the token endpoint answered, without tokens. */
interface TokenAnswer {
	status: number;
	error?: string;
	errorDescription?: string;
	accessToken?: string;
	refreshToken?: string;
	expiresIn?: unknown;
	refreshExpiresIn?: unknown;
	scope?: unknown;
}

const DRAFT_FIXTURE = 'sample-3s-720x1280.mp4';
/** The node's Authentication parameter set to the TikTok Refresh Token API credential. */
const REFRESH_TOKEN_AUTH = { authentication: 'refreshToken' };

/**
 * Runs the check on `n8n` (an in-process n8n over its credential store) and writes the report
 * and the newest refresh token into `config.outDir`.
 */
export async function runLiveCheck(
	n8n: N8nInstance,
	config: LiveConfig,
	target: string,
): Promise<LiveReport> {
	const secrets = new Set<string>([config.clientKey, config.clientSecret, config.refreshToken]);
	const steps: Step[] = [];
	const answers: string[] = [];
	const step = (name: string, outcome: StepOutcome, detail: string) =>
		steps.push({ name, outcome, detail });
	let newestRefreshToken = config.refreshToken;
	let credentialId = '';

	mkdirSync(config.outDir, { recursive: true });
	const refreshTokenFile = join(config.outDir, 'refresh-token.txt');
	const reportFile = join(config.outDir, 'report.md');

	try {
		// 1. What TikTok does with n8n's own OAuth2 refresh: client_key only in the query,
		// client_id (n8n's name) in the form body.
		const probe = await tokenRequest(
			n8n,
			`${TIKTOK_TOKEN_URL}?client_key=${encodeURIComponent(config.clientKey)}`,
			{
				client_id: config.clientKey,
				client_secret: config.clientSecret,
				grant_type: 'refresh_token',
				refresh_token: config.refreshToken,
			},
		);
		remember(secrets, probe);
		const behaviour = missingKeyBehaviourOf(probe);
		step(
			'Token endpoint, client_key only in the query',
			'passed',
			`TikTok ${MISSING_KEY_BEHAVIOURS[behaviour]} (${behaviour}): ${describeAnswer(probe)}`,
		);
		if (probe.refreshToken) newestRefreshToken = probe.refreshToken;
		answers.push(
			`**Refresh without \`client_key\` in the form body** (n8n's own OAuth2 refresh): TikTok ${MISSING_KEY_BEHAVIOURS[behaviour]} (\`${behaviour}\`; ${describeAnswer(probe)}).`,
			behaviour === 'readsKeyFromQuery'
				? '**`client_id` next to `client_key`**: harmless here (the form body carried `client_id`, the query `client_key`, and TikTok issued tokens).'
				: '**`client_id` next to `client_key`**: not shown by this run (TikTok refused the refresh without `client_key` in the body).',
		);
		if (behaviour !== 'readsKeyFromQuery')
			answers.push(
				`**HTTP status of a token error** (missing \`client_key\`): ${probe.status}, \`${probe.error ?? 'no error field'}\`.`,
			);

		// 2. The Refresh Token credential through the engine: its first request refreshes.
		const beforeEngine = newestRefreshToken;
		credentialId = (
			await n8n.store.add(
				'tikTokRefreshTokenApi',
				{
					clientKey: config.clientKey,
					clientSecret: config.clientSecret,
					refreshToken: beforeEngine,
				},
				'TikTok live check',
			)
		).id!;
		const credentials = { tikTokRefreshTokenApi: { id: credentialId, name: 'TikTok live check' } };
		const profileFields = [
			'open_id',
			'display_name',
			...(config.expectedUsername ? ['username'] : []),
		];
		const profile = await n8n.run({
			parameters: {
				...REFRESH_TOKEN_AUTH,
				resource: 'user',
				operation: 'get',
				fields: profileFields,
			},
			credentials,
		});
		const stored = await n8n.store.read(credentialId);
		newestRefreshToken = String(stored.refreshToken);
		secrets.add(newestRefreshToken);
		if (typeof stored.accessToken === 'string' && stored.accessToken)
			secrets.add(stored.accessToken);
		const rotated = newestRefreshToken !== beforeEngine;
		step(
			'Refresh with rotation (Refresh Token credential)',
			stored.accessToken ? 'passed' : 'failed',
			stored.accessToken
				? `access token obtained; the refresh token ${rotated ? 'was rotated (a new one was saved)' : 'came back unchanged'}`
				: `no access token: ${errorText(profile)}`,
		);
		const user = profile.items[0]?.json ?? {};
		const mismatch = [
			config.expectedOpenId && user.open_id !== config.expectedOpenId ? 'open_id' : '',
			config.expectedUsername && user.username !== config.expectedUsername ? 'username' : '',
		].filter(Boolean);
		step(
			'User > Get Profile',
			profile.error || mismatch.length > 0 ? 'failed' : 'passed',
			profile.error
				? errorText(profile)
				: mismatch.length > 0
					? `not the expected account: got ${mismatch.map((field) => `${field} ${String(user[field])}`).join(', ')}`
					: `the expected account (${config.expectedUsername ? `@${config.expectedUsername}` : String(user.open_id)}, "${String(user.display_name)}")`,
		);

		// 3. The token the engine rotated away: dead, as TikTok's newer documentation says?
		if (rotated) {
			const reuse = await tokenRequest(n8n, TIKTOK_TOKEN_URL, {
				client_key: config.clientKey,
				client_secret: config.clientSecret,
				grant_type: 'refresh_token',
				refresh_token: beforeEngine,
			});
			remember(secrets, reuse);
			if (reuse.refreshToken) {
				newestRefreshToken = reuse.refreshToken;
				answers.push(
					`**Rotation**: TikTok returned a new refresh token, but the previous one still worked (${describeAnswer(reuse)}); the newest token was saved.`,
				);
			} else {
				answers.push(
					`**Rotation**: every refresh returned a new refresh token, and the previous one was refused afterwards (HTTP ${reuse.status}, \`${reuse.error ?? 'no error field'}\`${reuse.errorDescription ? `: "${reuse.errorDescription}"` : ''}).`,
					`**HTTP status of a token error** (used refresh token): ${reuse.status}.`,
				);
			}
			step('Reuse of the rotated-away refresh token', 'passed', describeAnswer(reuse));
		} else if (stored.accessToken) {
			answers.push('**Rotation**: the refresh returned the same refresh token (not rotated).');
		}
		if (probe.accessToken)
			answers.push(
				`**Lifetimes** (remaining seconds in the token answer): access token \`expires_in\` ${String(probe.expiresIn)}, refresh token \`refresh_expires_in\` ${String(probe.refreshExpiresIn)}; scopes granted: ${String(probe.scope)}.`,
			);

		// 4. Post > Get Creator Info and Video > Get Many.
		const creator = await n8n.run({
			parameters: { ...REFRESH_TOKEN_AUTH, resource: 'post', operation: 'getCreatorInfo' },
			credentials,
		});
		const info = creator.items[0]?.json ?? {};
		step(
			'Post > Get Creator Info',
			creator.error ? 'failed' : 'passed',
			creator.error
				? errorText(creator)
				: `creator @${String(info.creator_username)}, privacy options ${JSON.stringify(info.privacy_level_options)}, max video duration ${String(info.max_video_post_duration_sec)} s`,
		);
		const videos = await n8n.run({
			parameters: {
				...REFRESH_TOKEN_AUTH,
				resource: 'video',
				operation: 'getAll',
				returnAll: false,
				limit: 5,
			},
			credentials,
		});
		step(
			'Video > Get Many',
			videos.error ? 'failed' : 'passed',
			videos.error ? errorText(videos) : `${videos.items.length} video(s) listed (at most 5 asked)`,
		);

		// 5. Post > Create Video Post as a draft, followed until it reaches the inbox.
		const video = readFixture(DRAFT_FIXTURE);
		const draft = await n8n.run({
			parameters: {
				...REFRESH_TOKEN_AUTH,
				resource: 'post',
				operation: 'createVideo',
				source: 'binary',
				mode: 'draft',
				options: { waitForCompletion: true, waitTimeout: 600 },
			},
			credentials,
			items: [{ json: {}, binary: { data: await storeBinary(video, DRAFT_FIXTURE, 'video/mp4') } }],
		});
		const posted = draft.items[0]?.json ?? {};
		step(
			'Post > Create Video Post (draft, followed to SEND_TO_USER_INBOX)',
			!draft.error && posted.status === 'SEND_TO_USER_INBOX' ? 'passed' : 'failed',
			draft.error
				? errorText(draft)
				: `status ${String(posted.status)}, ${String(posted.video_size)} bytes in ${String(posted.total_chunk_count)} chunk(s) of ${String(posted.chunk_size)}`,
		);
		if (!draft.error)
			answers.push(
				`**Chunk sizes TikTok accepted**: \`video_size\` ${String(posted.video_size)}, \`chunk_size\` ${String(posted.chunk_size)}, \`total_chunk_count\` ${String(posted.total_chunk_count)} (a video under 5 MB goes as one chunk whose size is the video's, in bytes), ending in ${String(posted.status)}. The 5 MB / 64 MB limits for several chunks (bytes, millions or MiB) need a video over 5 MB and are not exercised by this fixture.`,
			);
	} catch (error) {
		step('Live check', 'failed', `stopped: ${(error as Error).message}`);
	} finally {
		if (credentialId) {
			const stored = await n8n.store.read(credentialId);
			// A later reuse check may have found the engine's token still alive and issued a newer one.
			if (newestRefreshToken === config.refreshToken)
				newestRefreshToken = String(stored.refreshToken);
		}
		writeFileSync(refreshTokenFile, `${newestRefreshToken}\n`, { mode: 0o600 });
		chmodSync(refreshTokenFile, 0o600);
	}

	const markdown = redact(renderReport(target, steps, answers), secrets);
	writeFileSync(reportFile, markdown);
	return {
		markdown,
		reportFile,
		refreshTokenFile,
		failures: steps.filter((s) => s.outcome === 'failed').map((s) => `${s.name}: ${s.detail}`),
	};
}

/** A token request through n8n's own outbound HTTP (the helper nodes use: proxy and CA settings apply). */
async function tokenRequest(
	n8n: N8nInstance,
	url: string,
	form: Record<string, string>,
): Promise<TokenAnswer> {
	const node = {
		id: 'live-check',
		name: 'Live check',
		type: 'live',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	} as INode;
	const helpers = getRequestHelperFunctions({} as Workflow, node, n8n.additionalData());
	const options: IHttpRequestOptions = {
		method: 'POST',
		url,
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
		body: new URLSearchParams(form).toString(),
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	const response = (await helpers.httpRequest(options)) as { statusCode: number; body: unknown };
	let body: IDataObject = {};
	try {
		body = JSON.parse(String(response.body)) as IDataObject;
	} catch {
		body = {};
	}
	const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
	return {
		status: response.statusCode,
		error: text(body.error),
		errorDescription: text(body.error_description),
		accessToken: text(body.access_token),
		refreshToken: text(body.refresh_token),
		expiresIn: body.expires_in,
		refreshExpiresIn: body.refresh_expires_in,
		scope: body.scope,
	};
}

function remember(secrets: Set<string>, answer: TokenAnswer) {
	if (answer.accessToken) secrets.add(answer.accessToken);
	if (answer.refreshToken) secrets.add(answer.refreshToken);
}

function missingKeyBehaviourOf(answer: TokenAnswer): MissingKeyBehaviour {
	if (answer.accessToken && !answer.error) return 'readsKeyFromQuery';
	return answer.status >= 400 ? 'answers4xx' : 'answers200WithError';
}

function describeAnswer(answer: TokenAnswer): string {
	if (answer.accessToken && !answer.error)
		return `HTTP ${answer.status} with tokens${answer.refreshToken ? ' (a new refresh token)' : ''}`;
	return `HTTP ${answer.status}, error \`${answer.error ?? 'none'}\`${answer.errorDescription ? ` ("${answer.errorDescription}")` : ''}`;
}

function errorText(result: RunResult): string {
	const error = result.error as { message?: string; description?: string } | undefined;
	if (!error) return 'no output';
	return [error.message, error.description].filter(Boolean).join(': ');
}

function renderReport(target: string, steps: Step[], answers: string[]): string {
	const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
	return [
		'# Live check against TikTok',
		'',
		`Run ${new Date().toISOString()} against ${target}, through n8n-core's WorkflowExecute with the TikTok Refresh Token API credential. Tokens and keys are redacted; the new refresh token is in refresh-token.txt next to this file.`,
		'',
		'| Step | Result | Detail |',
		'| --- | --- | --- |',
		...steps.map((s) => `| ${cell(s.name)} | ${s.outcome} | ${cell(s.detail)} |`),
		'',
		'## Answers to the open questions (docs/live-check.md)',
		'',
		...(answers.length > 0 ? answers.map((a) => `- ${a}`) : ['- None: the check stopped early.']),
		'',
	].join('\n');
}

/** Every secret (and any TikTok-shaped token) replaced, whatever step quoted it. */
export function redact(text: string, secrets: Iterable<string>): string {
	let out = text;
	for (const secret of [...secrets]
		.filter((s) => s.length >= 4)
		.sort((a, b) => b.length - a.length))
		out = out.split(secret).join('[redacted]');
	return out.replace(/\b(act|rft|clt)\.[A-Za-z0-9._~!*-]+/g, '$1.[redacted]');
}
