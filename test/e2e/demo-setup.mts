/**
 * What `npm run demo` puts into its n8n, shared with the end-to-end suite (which runs the very same
 * setup, so CI proves the demo works): a credential connected through n8n's own OAuth endpoints
 * against the TikTok emulator, seeded videos, and the sample workflow (post a video from a URL,
 * wait for TikTok, read the profile), executed once.
 *
 * Every name says EMULATOR: the demo must be impossible to mistake for the real TikTok.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

import axios from 'axios';

import { FIXTURES_DIR } from '../fixtures/fixtures.mts';
import { EMULATOR_HEADER } from './emulator.mts';
import { type N8nRest, unflatten } from './n8n.mts';
import {
	type CredentialRef,
	MANUAL_TRIGGER_NAME,
	tikTokNode,
	type WorkflowBody,
} from './workflows.mts';

export const DEMO_CREDENTIAL_NAME = 'TikTok (EMULATOR — not real TikTok)';
export const DEMO_WORKFLOW_NAME =
	'TikTok EMULATOR demo: post a video from a URL, then read the profile';
export const DEMO_POST_NODE = 'Post video from URL (EMULATOR)';
export const DEMO_PROFILE_NODE = 'Read profile (EMULATOR)';
/** Owner of the demo n8n. Loopback only, and the user folder is wiped at every start. */
export const DEMO_OWNER = {
	email: 'demo@tiktok-emulator.test',
	password: 'Emulator-Demo-1',
	firstName: 'TikTok EMULATOR',
	lastName: 'Demo',
};
export const DEMO_SCOPES =
	'user.info.basic,user.info.profile,user.info.stats,video.list,video.upload,video.publish';
export const DEMO_PROFILE_FIELDS = [
	'open_id',
	'display_name',
	'username',
	'bio_description',
	'follower_count',
	'video_count',
];
/** The fixture the sample workflow posts, if the media folder has it. */
const PREFERRED_VIDEO = 'sample-3s-720x1280.mp4';

export interface EmulatorEndpoints {
	proxyUrl: string;
	controlUrl: string;
	caFile: string;
}

/** The folder the emulator's media host serves: $TIKTOK_DEMO_MEDIA_DIR, else the repository's fixtures. */
export function demoMediaDir(): string {
	return process.env.TIKTOK_DEMO_MEDIA_DIR || FIXTURES_DIR;
}

/** The URL the sample workflow posts from: the preferred fixture, else the first video served. */
export function demoVideoUrl(mediaUrls: string[]): string {
	const url =
		mediaUrls.find((u) => u.endsWith(`/${PREFERRED_VIDEO}`)) ??
		mediaUrls.find((u) => /\.(mp4|mov|webm)$/i.test(u));
	if (!url)
		throw new Error(
			`the emulator's media host serves no video (${mediaUrls.join(', ') || 'nothing'})`,
		);
	return url;
}

/** The sample workflow: a red EMULATOR note, Manual Trigger -> Create Video Post (URL, draft, wait) -> Get Profile. */
export function demoWorkflow(credential: CredentialRef, videoUrl: string): WorkflowBody {
	const post = tikTokNode(
		DEMO_POST_NODE,
		credential,
		{
			resource: 'post',
			operation: 'createVideo',
			source: 'url',
			videoUrl,
			mode: 'draft',
			options: { waitForCompletion: true, waitTimeout: 60 },
		},
		260,
	);
	const profile = tikTokNode(
		DEMO_PROFILE_NODE,
		credential,
		{ resource: 'user', operation: 'get', fields: DEMO_PROFILE_FIELDS },
		520,
	);
	const note = {
		id: randomUUID(),
		name: 'EMULATOR notice',
		type: 'n8n-nodes-base.stickyNote',
		typeVersion: 1,
		position: [-60, -400] as [number, number],
		parameters: {
			color: 3,
			width: 760,
			height: 250,
			content: [
				'## ⚠ TikTok EMULATOR demo — not real TikTok',
				'This n8n (`npm run demo`) reaches only a **local TikTok emulator** on 127.0.0.1. Nothing is posted anywhere; the account "Demo Creator" is fake.',
				'',
				'1. Click **Execute workflow** below.',
				`2. **${DEMO_POST_NODE}** sends a draft to the emulator, which downloads the video from its own media host, then waits until TikTok says *SEND_TO_USER_INBOX*.`,
				`3. **${DEMO_PROFILE_NODE}** reads the emulator's profile.`,
				'',
				'Try: set **Mode** to *Direct Post* (Privacy Level loads from the emulator), or change the **Video URL** to a missing file to see a failed post.',
			].join('\n'),
		},
	};
	return {
		name: DEMO_WORKFLOW_NAME,
		nodes: [
			{
				id: randomUUID(),
				name: MANUAL_TRIGGER_NAME,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			post,
			profile,
			note,
		],
		connections: {
			[MANUAL_TRIGGER_NAME]: { main: [[{ node: DEMO_POST_NODE, type: 'main', index: 0 }]] },
			[DEMO_POST_NODE]: { main: [[{ node: DEMO_PROFILE_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * What a browser does with an authorize URL: GET it from "www.tiktok.com", through the emulator's
 * proxy (CONNECT, then TLS checked against the throwaway CA), the path n8n's own requests take.
 */
export async function getThroughEmulator(
	proxyUrl: string,
	target: URL,
	ca: string,
): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
	const proxy = new URL(proxyUrl);
	const socket = await new Promise<Socket>((resolve, reject) => {
		const req = httpRequest({
			host: proxy.hostname,
			port: proxy.port,
			method: 'CONNECT',
			path: `${target.hostname}:443`,
		});
		req.once('connect', (res, sock) =>
			res.statusCode === 200
				? resolve(sock)
				: reject(new Error(`proxy refused CONNECT: ${res.statusCode}`)),
		);
		req.once('error', reject);
		req.end();
	});
	const tls = tlsConnect({ socket, servername: target.hostname, ca });
	await new Promise<void>((resolve, reject) => {
		tls.once('secureConnect', resolve);
		tls.once('error', reject);
	});
	return await new Promise((resolve, reject) => {
		const req = httpRequest(
			{
				host: target.hostname,
				path: `${target.pathname}${target.search}`,
				method: 'GET',
				createConnection: () => tls,
				headers: { host: target.hostname },
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					tls.destroy();
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks).toString('utf8'),
					});
				});
			},
		);
		req.once('error', reject);
		req.end();
	});
}

/**
 * The Connect button, as the end-to-end suite does it: a credential with the emulator app's key
 * and secret, n8n's /rest/oauth2-credential/auth, the consent page at the emulator's "TikTok"
 * (auto-approved, bannered EMULATOR), and n8n's /callback with the code, which n8n exchanges.
 */
export async function connectThroughEmulator(
	rest: N8nRest,
	emulator: EmulatorEndpoints,
	name: string,
	scope: string,
): Promise<{ credential: CredentialRef; redirectUri: string }> {
	const control = axios.create({ baseURL: emulator.controlUrl, proxy: false, timeout: 10_000 });
	const client = (
		await control.get<{ clientKey: string; clientSecret: string }>('/__emulator/client')
	).data;
	const saved = await rest.call<{ id: string }>('POST', '/rest/credentials', {
		name,
		type: 'tikTokOAuth2Api',
		data: {
			clientId: client.clientKey,
			clientSecret: client.clientSecret,
			scopes: scope.split(','),
		},
	});
	const credential: CredentialRef = { type: 'tikTokOAuth2Api', id: saved.id, name };
	const authorizeUrl = new URL(
		await rest.call<string>('GET', `/rest/oauth2-credential/auth?id=${credential.id}`),
	);
	const consent = await getThroughEmulator(
		emulator.proxyUrl,
		authorizeUrl,
		readFileSync(emulator.caFile, 'utf8'),
	);
	if (!consent.headers[EMULATOR_HEADER] || !consent.body.includes('EMULATOR'))
		throw new Error('the consent page did not come from the emulator');
	if (consent.status !== 302 || !consent.headers.location) {
		throw new Error(
			`the emulator did not redirect back to n8n (HTTP ${consent.status}): ${consent.body.replace(/<[^>]+>/g, ' ').slice(0, 300)}`,
		);
	}
	const back = new URL(consent.headers.location);
	// The browser would land on n8n's redirect URL; here that is the same n8n over loopback.
	const callback = await rest.request<string>(
		'GET',
		`/rest/oauth2-credential/callback${back.search}`,
	);
	if (callback.status !== 200 || String(callback.data).includes('Failed to connect')) {
		throw new Error(
			`n8n's OAuth callback failed (HTTP ${callback.status}): ${String(callback.data).replace(/\s+/g, ' ').slice(0, 300)}`,
		);
	}
	const stored = await rest.call<{ data: { oauthTokenData?: unknown } }>(
		'GET',
		`/rest/credentials/${credential.id}?includeData=true`,
	);
	if (stored.data.oauthTokenData !== true)
		throw new Error('n8n stored no token data for the demo credential');
	return { credential, redirectUri: authorizeUrl.searchParams.get('redirect_uri') ?? '' };
}

export interface DemoRun {
	executionId: string;
	status: string;
	post: Record<string, unknown>;
	profile: Record<string, unknown>;
	error?: string;
	ms: number;
}

/** Runs a workflow from its Manual Trigger, as the editor's "Execute workflow" does, and reads the outcome. */
export async function runManually(
	rest: N8nRest,
	workflowId: string,
	timeoutMs = 120_000,
): Promise<DemoRun> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = async () =>
		(
			await rest.call<{ results: Array<{ id: string; status: string }> }>(
				'GET',
				`/rest/executions?filter=${filter}&limit=20`,
			)
		).results;
	const before = Math.max(0, ...(await list()).map((e) => Number(e.id)));
	const t0 = Date.now();
	await rest.call('POST', `/rest/workflows/${workflowId}/run`, {
		triggerToStartFrom: { name: MANUAL_TRIGGER_NAME },
	});
	for (;;) {
		const done = (await list()).find(
			(e) => Number(e.id) > before && !['new', 'running', 'waiting'].includes(e.status),
		);
		if (done) {
			const execution = await rest.call<{ id: string; status: string; data?: string }>(
				'GET',
				`/rest/executions/${done.id}`,
			);
			const data = (typeof execution.data === 'string' ? unflatten(execution.data) : {}) as {
				resultData?: {
					runData?: Record<
						string,
						Array<{
							data?: { main?: Array<Array<{ json: Record<string, unknown> }>> };
							error?: { message?: string; description?: string };
						}>
					>;
					error?: { message?: string };
				};
			};
			const runData = data.resultData?.runData ?? {};
			const first = (node: string) => runData[node]?.[0]?.data?.main?.[0]?.[0]?.json ?? {};
			const nodeError = Object.values(runData)
				.map((runs) => runs[0]?.error)
				.find(Boolean);
			const error = nodeError
				? `${nodeError.message ?? ''} ${nodeError.description ?? ''}`.trim()
				: data.resultData?.error?.message;
			return {
				executionId: execution.id,
				status: execution.status,
				post: first(DEMO_POST_NODE),
				profile: first(DEMO_PROFILE_NODE),
				error,
				ms: Date.now() - t0,
			};
		}
		if (Date.now() - t0 > timeoutMs)
			throw new Error(`the sample workflow did not finish within ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
}

export interface DemoSetup {
	credential: CredentialRef;
	redirectUri: string;
	workflowId: string;
	postNodeId: string;
	videoUrl: string;
	firstRun: DemoRun;
}

/**
 * Everything `npm run demo` adds to a fresh n8n whose owner `rest` is logged in as: the connected
 * EMULATOR credential, 12 public videos at the emulator, the sample workflow, and one execution of
 * it (which must succeed: the demo never hands over something broken).
 */
export async function setupDemo(rest: N8nRest, emulator: EmulatorEndpoints): Promise<DemoSetup> {
	const control = axios.create({ baseURL: emulator.controlUrl, proxy: false, timeout: 10_000 });
	const { credential, redirectUri } = await connectThroughEmulator(
		rest,
		emulator,
		DEMO_CREDENTIAL_NAME,
		DEMO_SCOPES,
	);
	await control.post('/__emulator/seed-videos', { count: 12 });
	const media = (await control.get<{ files: string[] }>('/__emulator/media')).data.files;
	const videoUrl = demoVideoUrl(media);
	const body = demoWorkflow(credential, videoUrl);
	const saved = await rest.call<{ id: string }>('POST', '/rest/workflows', body);
	const firstRun = await runManually(rest, saved.id);
	if (firstRun.status !== 'success')
		throw new Error(
			`the sample workflow failed (execution #${firstRun.executionId}): ${firstRun.error ?? firstRun.status}`,
		);
	return {
		credential,
		redirectUri,
		workflowId: saved.id,
		postNodeId: body.nodes.find((n) => n.name === DEMO_POST_NODE)!.id,
		videoUrl,
		firstRun,
	};
}
