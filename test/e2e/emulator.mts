/**
 * The TikTok emulator for end-to-end runs: the strict fake (test/fake/) served over real https,
 * reachable only through an HTTP CONNECT proxy on 127.0.0.1.
 *
 * Why a proxy: n8n's outbound HTTP honours HTTPS_PROXY for both paths the package uses (the
 * node helpers via @n8n/backend-network's EnvProxyHttpsAgent, and the OAuth token client
 * @n8n/client-oauth2 via resolveProxyUrl/createHttpsProxyAgent). So only the n8n process is
 * pointed at the emulator, through its environment; nothing on the machine (DNS, /etc/hosts, the
 * package's URLs) changes. The proxy terminates TLS itself for TikTok's hosts (TikTok for Developers' three, and business-api.tiktok.com) with a
 * certificate from a throwaway CA (which only the n8n process trusts, via NODE_EXTRA_CA_CERTS),
 * and refuses every other host, so nothing can leak to the internet through it.
 *
 * It cannot be mistaken for TikTok: every response carries `X-TikTok-Emulator`, HTML pages carry
 * an EMULATOR banner, the certificate's CN says so, and everything listens on 127.0.0.1 only.
 *
 * A small control API (plain http, its own 127.0.0.1 port, for the test driver only) expires or
 * revokes tokens, switches TikTok's undocumented refresh behaviour (readsKeyFromQuery, answers4xx,
 * answers200WithError: MissingKeyBehaviour in test/fake/tiktok.mts), loses the answer to
 * a request TikTok has handled (drop-answer), slows the upload host and reports what the emulator
 * saw. Token values never leave it: the log holds fingerprints.
 *
 * With `mediaDir` (CLI `--media-dir DIR`) it also plays the user's own media server: the files of
 * DIR on https://media.example.test/verified/<name> (a URL prefix the fake app has "verified"), so a
 * workflow can post from a URL, and TikTok's pull of such a URL fails like TikTok's would
 * (`video_pull_failed`) when the file is not there. With `draftsEndInInbox` (CLI `--drafts-end-in-inbox`)
 * drafts end as TikTok's do, in SEND_TO_USER_INBOX, unless the control API said otherwise.
 *
 * Run: tsx test/e2e/emulator.mts --state-dir DIR --redirect-uri URI [--max-lifetime-seconds N]
 *        [--media-dir DIR] [--drafts-end-in-inbox]
 * It prints one JSON line ({ proxyUrl, controlUrl, caFile }) once listening, and exits on
 * SIGTERM/SIGINT, when its stdin closes (its parent died), or after the maximum lifetime.
 */
import { createHash } from 'node:crypto';
import {
	createServer as createHttpServer,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { BUSINESS_BASE_PATH, BUSINESS_HOST } from '../fake/business.mts';
import type { PublishOutcome } from '../fake/posts.mts';
import {
	API_HOST,
	AUTH_HOST,
	fakeRequestOf,
	FakeTikTok,
	MEDIA_HOST,
	MISSING_KEY_BEHAVIOURS,
	type FakeResponse,
	type MissingKeyBehaviour,
	UPLOAD_HOST,
} from '../fake/tiktok.mts';
import { makeEmulatorCerts } from './certs.mts';

/** TikTok for Developers' three hosts, and the TikTok API for Business (comments; test/fake/business.mts). */
export const EMULATED_HOSTS = [API_HOST, AUTH_HOST, UPLOAD_HOST, BUSINESS_HOST];
/** Where the files of `mediaDir` are served (a prefix the fake app has verified for PULL_FROM_URL). */
export const MEDIA_BASE_URL = `https://${MEDIA_HOST}/verified/`;
const MEDIA_TYPES: Record<string, string> = {
	'.mp4': 'video/mp4',
	'.mov': 'video/quicktime',
	'.webm': 'video/webm',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.webp': 'image/webp',
	'.png': 'image/png',
};
/** Media files are held in memory: keep them small (fixtures, not upload tests). */
const MAX_MEDIA_FILE_BYTES = 64 * 1024 * 1024;
export const EMULATOR_HEADER = 'x-tiktok-emulator';
const EMULATOR_MARK =
	'EMULATOR - local fake of TikTok for n8n-nodes-tiktok-api e2e tests, not TikTok';
const BANNER =
	'<div style="background:#c00;color:#fff;font:bold 20px sans-serif;padding:12px;text-align:center">' +
	'TikTok EMULATOR &mdash; a local test fake, not TikTok</div>';

/** One call to the token endpoint, as the driver's assertions need it (no token values). */
export interface TokenCall {
	at: number;
	grantType: string;
	status: number;
	ok: boolean;
	error?: string;
	clientKeyInForm: boolean;
	clientKeyInQuery: boolean;
	clientIdInForm: boolean;
	/** Fingerprint of the refresh token presented (refresh) and of the one issued (success). */
	usedRefreshToken?: string;
	issuedRefreshToken?: string;
	redirectUri?: string;
}

export interface PublishSummary {
	publishId: string;
	mode: string;
	source: string;
	videoSize?: number;
	chunkSize?: number;
	totalChunkCount?: number;
	receivedBytes: number;
	chunksReceived: number;
	complete: boolean;
	digest?: string;
	contentTypes: string[];
	/** Sizes of the chunk PUTs as they arrived. */
	chunkSizes: number[];
}

export interface EmulatorState {
	missingKeyBehaviour: MissingKeyBehaviour;
	rotations: number;
	tokenCalls: TokenCall[];
	/** Hosts the proxy refused (anything but TikTok's), with counts. */
	refused: Record<string, number>;
	/** `METHOD host/path status` of every TikTok request, in order. */
	requests: string[];
	publishes: PublishSummary[];
	/** `GET path status` of every request to the media host (empty without mediaDir). */
	mediaRequests?: string[];
	/** Chunk PUTs that arrived in full, counted before they are held and answered. */
	chunkPutsArrived: number;
	/** How long the upload host holds each chunk PUT before answering (POST /__emulator/upload-delay). */
	uploadDelayMs: number;
}

/**
 * One request to business-api.tiktok.com as the driver's assertions need it. Token values never
 * leave the emulator: the Access-Token header is a fingerprint, and the bodies of the token
 * endpoints (which hold the app secret and the refresh token) are left out.
 */
export interface BusinessRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	status: number;
	/** TikTok's `code` in the answer envelope (errors come with HTTP 200). */
	code?: number;
	accessToken?: string;
	authorization: boolean;
	contentType?: string;
	/** The body exactly as received (API calls only). */
	bodyText?: string;
}

export function fingerprint(token: string | undefined): string | undefined {
	return token ? createHash('sha256').update(token).digest('hex').slice(0, 12) : undefined;
}

function withBanner(response: FakeResponse): FakeResponse {
	const headers: Record<string, string> = {
		...(response.headers ?? {}),
		[EMULATOR_HEADER]: EMULATOR_MARK,
	};
	let body = response.body;
	const isHtml = (headers['content-type'] ?? '').startsWith('text/html');
	if (isHtml && typeof body === 'string') body = `${BANNER}${body}`;
	if (response.status >= 300 && response.status < 400 && !body) {
		// The consent "page": auto-approved, then the redirect back to n8n.
		headers['content-type'] = 'text/html; charset=utf-8';
		const href = (headers.location ?? '').replace(/&/g, '&amp;').replace(/"/g, '&quot;');
		body = `${BANNER}<p>Consent auto-approved by the emulator. Redirecting to <a href="${href}">n8n</a>.</p>`;
	}
	return { ...response, headers, body };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

function send(res: ServerResponse, response: FakeResponse): void {
	res.writeHead(response.status, response.headers ?? {});
	res.end(response.body ?? '');
}

async function listen(server: Server): Promise<number> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	return (server.address() as AddressInfo).port;
}

export interface EmulatorOptions {
	stateDir: string;
	redirectUris: string[];
	/** Serve this folder's media files on MEDIA_BASE_URL (see the header). */
	mediaDir?: string;
	/** Drafts (inbox video, MEDIA_UPLOAD photo) end in SEND_TO_USER_INBOX, as on TikTok. */
	draftsEndInInbox?: boolean;
}

/** Loads the media files of `dir` (top level, known extensions, size-capped) into the fake's media host. */
function loadMedia(fake: FakeTikTok, dir: string): string[] {
	const names: string[] = [];
	for (const name of readdirSync(dir).sort()) {
		const contentType = MEDIA_TYPES[extname(name).toLowerCase()];
		const path = join(dir, name);
		if (!contentType || !statSync(path).isFile() || statSync(path).size > MAX_MEDIA_FILE_BYTES)
			continue;
		fake.mediaFiles.set(`/verified/${name}`, { body: readFileSync(path), contentType });
		names.push(name);
	}
	return names;
}

export interface RunningEmulator {
	fake: FakeTikTok;
	proxyUrl: string;
	controlUrl: string;
	caFile: string;
	/** URLs of the media files served (with mediaDir). */
	mediaUrls: string[];
	stop: () => Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
	// The media host only when asked for: otherwise the proxy refuses it like any other host.
	const hosts = options.mediaDir ? [...EMULATED_HOSTS, MEDIA_HOST] : EMULATED_HOSTS;
	const certs = makeEmulatorCerts(join(options.stateDir, 'certs'), hosts);
	// Upload URLs point at UPLOAD_HOST, TikTok's own (the fake's default).
	const fake = new FakeTikTok({ redirectUris: options.redirectUris });
	const mediaNames = options.mediaDir ? loadMedia(fake, options.mediaDir) : [];
	const mediaRequests: string[] = [];
	const tokenCalls: TokenCall[] = [];
	const businessRequests: BusinessRequest[] = [];
	const refused: Record<string, number> = {};
	const chunkSizes = new Map<string, number[]>();
	// A slow upload host, when asked: each chunk PUT is answered only after uploadDelayMs.
	let uploadDelayMs = 0;
	let chunkPutsArrived = 0;
	fake.posts.holdUpload = async () => {
		chunkPutsArrived++;
		if (uploadDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, uploadDelayMs));
	};

	async function handleTikTok(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const socket = req.socket as TLSSocket;
		const host = socket.servername || '';
		// The Host header must name the host the tunnel was opened for (as behind any TLS front).
		const hostHeader = (req.headers.host ?? '').replace(/:443$/, '');
		if (!hosts.includes(host) || hostHeader !== host) {
			send(
				res,
				withBanner({
					status: 421,
					headers: { 'content-type': 'text/plain' },
					body: `Misdirected request for ${hostHeader}`,
				}),
			);
			return;
		}
		const body = await readBody(req);
		const request = fakeRequestOf(req, body, `https://${host}`);
		const url = new URL(request.url);
		const headers = request.headers;
		const draftOutcome = presetDraftOutcome(host, url, headers, body);
		const response = await fake.handle(request);
		// A failed init leaves the preset unused: it must not decide the next, unrelated publish.
		if (draftOutcome && fake.posts.nextOutcome === draftOutcome) fake.posts.nextOutcome = undefined;
		if (host === UPLOAD_HOST) {
			const id = url.searchParams.get('upload_id') ?? '';
			chunkSizes.set(id, [...(chunkSizes.get(id) ?? []), body.length]);
		}
		if (host === API_HOST && url.pathname === '/v2/oauth/token/')
			recordTokenCall(url, headers, body, response);
		if (host === API_HOST && url.pathname.endsWith('/init/'))
			await failPullsOfMissingMedia(response);
		if (host === MEDIA_HOST)
			mediaRequests.push(`${request.method} ${url.pathname} ${response.status}`);
		if (host === BUSINESS_HOST) recordBusinessRequest(request.method, url, headers, body, response);
		if (response.drop) {
			socket.destroy();
			return;
		}
		send(res, withBanner(response));
	}

	/** Before a draft init: TikTok's drafts end in the inbox, not PUBLISH_COMPLETE (the fake's default). */
	function presetDraftOutcome(
		host: string,
		url: URL,
		headers: Record<string, string>,
		body: Buffer,
	): PublishOutcome | undefined {
		if (!options.draftsEndInInbox || host !== API_HOST || fake.posts.nextOutcome) return undefined;
		let draft = url.pathname === '/v2/post/publish/inbox/video/init/';
		if (
			url.pathname === '/v2/post/publish/content/init/' &&
			(headers['content-type'] ?? '').startsWith('application/json')
		) {
			try {
				draft =
					(JSON.parse(body.toString('utf8')) as { post_mode?: unknown }).post_mode ===
					'MEDIA_UPLOAD';
			} catch {
				draft = false;
			}
		}
		if (!draft) return undefined;
		fake.posts.nextOutcome = { final: 'SEND_TO_USER_INBOX', pollsUntilDone: 1 };
		return fake.posts.nextOutcome;
	}

	/** After a PULL_FROM_URL init: the emulated TikTok pulls media-host URLs; one that is not there fails the post, as on TikTok. */
	async function failPullsOfMissingMedia(response: FakeResponse): Promise<void> {
		if (!options.mediaDir || response.status !== 200) return;
		let publishId: unknown;
		try {
			publishId = (JSON.parse(String(response.body ?? '{}')) as { data?: { publish_id?: unknown } })
				.data?.publish_id;
		} catch {
			return;
		}
		const publish = typeof publishId === 'string' ? fake.posts.publishes.get(publishId) : undefined;
		if (!publish || publish.source !== 'PULL_FROM_URL') return;
		const source =
			(publish.initBody as { source_info?: { video_url?: unknown; photo_images?: unknown } })
				.source_info ?? {};
		const urls = (
			publish.kind === 'video'
				? [source.video_url]
				: Array.isArray(source.photo_images)
					? source.photo_images
					: []
		).map(String);
		// TikTok downloads the media itself: fetch each URL from the media host, as TikTok would.
		let missing = false;
		for (const u of urls) {
			const target = new URL(u);
			if (target.host !== MEDIA_HOST) continue;
			const pulled = await fake.handle({
				method: 'GET',
				url: target.toString(),
				headers: { 'user-agent': 'TikTok EMULATOR media pull' },
				body: Buffer.alloc(0),
			});
			mediaRequests.push(`GET ${target.pathname} ${pulled.status} (pulled by the emulated TikTok)`);
			if (pulled.status !== 200) missing = true;
		}
		if (missing) {
			publish.outcome = {
				final: 'FAILED',
				pollsUntilDone: 1,
				failReason: publish.kind === 'video' ? 'video_pull_failed' : 'photo_pull_failed',
			};
		}
	}

	function recordBusinessRequest(
		method: string,
		url: URL,
		headers: Record<string, string>,
		body: Buffer,
		response: FakeResponse,
	): void {
		let code: number | undefined;
		try {
			const parsed = JSON.parse(String(response.body ?? '')) as { code?: unknown };
			code = typeof parsed.code === 'number' ? parsed.code : undefined;
		} catch {
			code = undefined;
		}
		const isTokenCall = url.pathname.startsWith(`${BUSINESS_BASE_PATH}tt_user/`);
		businessRequests.push({
			method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams.entries()),
			status: response.status,
			code,
			accessToken: fingerprint(headers['access-token']),
			authorization: 'authorization' in headers,
			contentType: headers['content-type'],
			bodyText: isTokenCall ? undefined : body.toString('utf8'),
		});
	}

	function recordTokenCall(
		url: URL,
		headers: Record<string, string>,
		body: Buffer,
		response: FakeResponse,
	): void {
		const form = (headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
			? Object.fromEntries(new URLSearchParams(body.toString('utf8')).entries())
			: {};
		let answer: Record<string, unknown> = {};
		try {
			answer = JSON.parse(String(response.body ?? '{}')) as Record<string, unknown>;
		} catch {
			answer = {};
		}
		tokenCalls.push({
			at: Date.now(),
			grantType: form.grant_type ?? '',
			status: response.status,
			ok: typeof answer.access_token === 'string' && !answer.error,
			error: typeof answer.error === 'string' ? answer.error : undefined,
			clientKeyInForm: 'client_key' in form,
			clientKeyInQuery: url.searchParams.has('client_key'),
			clientIdInForm: 'client_id' in form,
			usedRefreshToken: fingerprint(form.refresh_token),
			issuedRefreshToken: fingerprint(
				typeof answer.refresh_token === 'string' ? answer.refresh_token : undefined,
			),
			redirectUri: form.redirect_uri,
		});
	}

	// One https server, never listening itself: the proxy hands it each accepted tunnel.
	const tikTok = createHttpsServer({ key: certs.key, cert: certs.cert }, (req, res) => {
		handleTikTok(req, res).catch((error: Error) => {
			if (!res.headersSent)
				send(
					res,
					withBanner({
						status: 500,
						headers: { 'content-type': 'text/plain' },
						body: String(error),
					}),
				);
			else res.destroy();
		});
	});
	tikTok.on('tlsClientError', () => undefined);

	function refuse(target: string): void {
		refused[target] = (refused[target] ?? 0) + 1;
	}

	const proxy = createHttpServer((req, res) => {
		// A plain-http proxy request (absolute URI). TikTok is https only: refuse.
		refuse(`http:${req.headers.host ?? req.url ?? '?'}`);
		send(
			res,
			withBanner({
				status: 403,
				headers: { 'content-type': 'text/plain' },
				body: 'The TikTok emulator proxies https to TikTok hosts only.',
			}),
		);
	});
	proxy.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
		socket.on('error', () => undefined);
		const target = req.url ?? '';
		const match = /^([^:]+):(\d+)$/.exec(target);
		if (!match || !hosts.includes(match[1].toLowerCase()) || match[2] !== '443') {
			refuse(target);
			socket.end(
				`HTTP/1.1 403 Forbidden\r\n${EMULATOR_HEADER}: ${EMULATOR_MARK}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
			);
			return;
		}
		socket.write(
			`HTTP/1.1 200 Connection Established\r\n${EMULATOR_HEADER}: ${EMULATOR_MARK}\r\n\r\n`,
		);
		if (head.length) socket.unshift(head);
		tikTok.emit('connection', socket);
	});

	const control = createHttpServer((req, res) => {
		handleControl(req, res).catch((error: Error) => {
			send(res, {
				status: 500,
				headers: { 'content-type': 'text/plain', [EMULATOR_HEADER]: EMULATOR_MARK },
				body: String(error),
			});
		});
	});

	function state(): EmulatorState {
		return {
			missingKeyBehaviour: fake.missingKeyBehaviour,
			rotations: fake.rotations,
			tokenCalls,
			refused,
			requests: fake.requests.map((r) => `${r.method} ${r.host}${r.path} ${r.status}`),
			publishes: [...fake.posts.publishes.values()].map((p) => ({
				publishId: p.publishId,
				mode: p.mode,
				source: p.source,
				videoSize: p.videoSize,
				chunkSize: p.chunkSize,
				totalChunkCount: p.totalChunkCount,
				receivedBytes: p.receivedBytes,
				chunksReceived: p.chunksReceived,
				complete: p.complete,
				digest: p.digest,
				contentTypes: [...p.contentTypes],
				chunkSizes: chunkSizes.get(p.publishId) ?? [],
			})),
			mediaRequests,
			chunkPutsArrived,
			uploadDelayMs,
		};
	}

	async function handleControl(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const body = (await readBody(req)).toString('utf8');
		const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
		const json = (status: number, value: unknown) =>
			send(res, {
				status,
				headers: { 'content-type': 'application/json', [EMULATOR_HEADER]: EMULATOR_MARK },
				body: JSON.stringify(value),
			});
		const route = `${req.method} ${new URL(req.url ?? '/', 'http://127.0.0.1').pathname}`;
		switch (route) {
			case 'GET /__emulator/state':
				return json(200, state());
			case 'POST /__emulator/expire-access-tokens':
				fake.expireAllAccessTokens();
				return json(200, { expired: true });
			case 'POST /__emulator/revoke':
				fake.revokeAll();
				return json(200, { revoked: true });
			case 'POST /__emulator/missing-key-behaviour': {
				const behaviour = input.behaviour as MissingKeyBehaviour;
				if (!Object.hasOwn(MISSING_KEY_BEHAVIOURS, String(behaviour))) {
					return json(400, {
						error: `behaviour must be one of ${Object.keys(MISSING_KEY_BEHAVIOURS).join(', ')}`,
					});
				}
				fake.missingKeyBehaviour = behaviour;
				return json(200, { missingKeyBehaviour: behaviour });
			}
			case 'POST /__emulator/grant': {
				// A token pair "obtained elsewhere" (the Refresh Token credential's bootstrap).
				const scopes = Array.isArray(input.scopes)
					? (input.scopes as string[])
					: ['user.info.basic'];
				return json(200, fake.grantTokens(scopes));
			}
			case 'POST /__emulator/drop-answer': {
				// The next `times` requests to `method path` are handled (an init does start its post),
				// then the connection drops before TikTok's answer, as after a reset or a timeout.
				const method = String(input.method ?? 'POST').toUpperCase();
				const path = String(input.path ?? '');
				const times = Number(input.times ?? 1);
				if (!path.startsWith('/') || !Number.isInteger(times) || times < 1)
					return json(400, { error: 'path must start with / and times be a positive integer' });
				fake.dropAnswers(method, path, times);
				return json(200, { dropAnswer: { method, path, times } });
			}
			case 'POST /__emulator/upload-delay': {
				const ms = Number(input.ms ?? 0);
				if (!Number.isFinite(ms) || ms < 0 || ms > 600_000)
					return json(400, { error: 'ms must be 0 to 600000' });
				uploadDelayMs = ms;
				return json(200, { uploadDelayMs });
			}
			case 'POST /__emulator/next-publish-outcome':
				fake.posts.nextOutcome = input as unknown as PublishOutcome;
				return json(200, { nextOutcome: input });
			case 'POST /__emulator/seed-videos': {
				// Public videos of the connected user (Display API), newest first.
				const videos = fake.library.seed(Number(input.count ?? 10));
				return json(200, { ids: videos.map((v) => v.id) });
			}
			case 'GET /__emulator/media':
				// What the media host serves (with mediaDir), as URLs a workflow can post from.
				return json(200, {
					baseUrl: options.mediaDir ? MEDIA_BASE_URL : undefined,
					files: mediaNames.map((n) => `${MEDIA_BASE_URL}${n}`),
				});
			case 'GET /__emulator/business/app':
				// The TikTok API for Business app (App ID + Secret), as on business-api.tiktok.com.
				return json(200, {
					appId: fake.business.appId,
					appSecret: fake.business.appSecret,
					openId: fake.business.openId,
				});
			case 'POST /__emulator/business/grant': {
				// A Business token pair "obtained elsewhere": the refresh token a user pastes into the credential.
				const scopes = Array.isArray(input.scopes) ? (input.scopes as string[]) : undefined;
				const tokens = fake.business.grantTokens(scopes);
				return json(200, {
					refreshToken: tokens.refreshToken,
					accessTokenFingerprint: fingerprint(tokens.accessToken),
					openId: tokens.openId,
					scopes: tokens.scopes,
				});
			}
			case 'POST /__emulator/business/seed-video': {
				// A video of the brand account with `count` top-level comments (newest first).
				const videoId = String(input.videoId ?? '');
				if (!/^\d{1,19}$/.test(videoId))
					return json(400, { error: 'videoId must be a numeric string' });
				const comments = fake.business.seedVideo(videoId, Number(input.count ?? 0), {
					repliesPerComment: Number(input.repliesPerComment ?? 0),
				});
				if (Array.isArray(input.pageSizes))
					fake.business.pageSizes = (input.pageSizes as unknown[]).map(Number);
				return json(200, {
					ids: comments.map((c) => c.comment_id),
					texts: comments.map((c) => c.text),
				});
			}
			case 'POST /__emulator/business/seed-videos': {
				// `count` more videos of the brand account (19-digit IDs, newest first), with metrics.
				const count = Number(input.count ?? 0);
				if (!Number.isInteger(count) || count < 1 || count > 500)
					return json(400, { error: 'count must be an integer from 1 to 500' });
				const ids = fake.business.seedVideos(count);
				return json(200, { ids });
			}
			case 'GET /__emulator/business/comment': {
				// One comment as the fake holds it (pinned, liked, status), for moderation scenarios.
				const id = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('id') ?? '';
				const comment = fake.business.find(id);
				return comment ? json(200, comment) : json(404, { error: `no comment ${id}` });
			}
			case 'POST /__emulator/business/comment': {
				// Someone comments on a video of the brand account, now.
				const videoId = String(input.videoId ?? '');
				if (!fake.business.videos.has(videoId))
					return json(400, { error: 'videoId must be a seeded video' });
				const comment = fake.business.addComment(videoId, { text: String(input.text ?? '') });
				comment.create_time = Math.floor(fake.now() / 1000);
				return json(200, { commentId: comment.comment_id });
			}
			case 'GET /__emulator/business/requests':
				return json(200, businessRequests);
			case 'GET /__emulator/client':
				// The app's key and secret as registered in the "developer portal".
				return json(200, {
					clientKey: fake.clientKey,
					clientSecret: fake.clientSecret,
					redirectUris: fake.redirectUris,
				});
			default:
				return json(404, { error: `unknown control route ${route}` });
		}
	}

	const proxyPort = await listen(proxy);
	const controlPort = await listen(control);
	return {
		fake,
		proxyUrl: `http://127.0.0.1:${proxyPort}`,
		controlUrl: `http://127.0.0.1:${controlPort}`,
		caFile: certs.caFile,
		mediaUrls: mediaNames.map((n) => `${MEDIA_BASE_URL}${n}`),
		stop: async () => {
			for (const server of [proxy, control, tikTok]) server.closeAllConnections();
			await Promise.all(
				[proxy, control].map(
					(server) => new Promise<void>((resolve) => server.close(() => resolve())),
				),
			);
		},
	};
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			'state-dir': { type: 'string' },
			'redirect-uri': { type: 'string', multiple: true },
			'max-lifetime-seconds': { type: 'string', default: '1800' },
			'media-dir': { type: 'string' },
			'drafts-end-in-inbox': { type: 'boolean', default: false },
		},
	});
	if (!values['state-dir']) throw new Error('--state-dir is required');
	const emulator = await startEmulator({
		stateDir: values['state-dir'],
		redirectUris: values['redirect-uri'] ?? [],
		mediaDir: values['media-dir'],
		draftsEndInInbox: values['drafts-end-in-inbox'],
	});
	let stopping = false;
	const stop = (why: string) => {
		if (stopping) return;
		stopping = true;
		process.stderr.write(`[emulator] stopping: ${why}\n`);
		void emulator.stop().finally(() => process.exit(0));
		// Bounded even if a connection hangs on close.
		setTimeout(() => process.exit(0), 3000).unref();
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
	// The parent holds our stdin: when it goes away, so do we (no orphaned listener).
	process.stdin.on('end', () => stop('parent closed stdin'));
	process.stdin.on('error', () => stop('stdin error'));
	process.stdin.resume();
	setTimeout(
		() => stop('maximum lifetime reached'),
		Number(values['max-lifetime-seconds']) * 1000,
	).unref();
	process.stdout.write(
		`${JSON.stringify({ proxyUrl: emulator.proxyUrl, controlUrl: emulator.controlUrl, caFile: emulator.caFile })}\n`,
	);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	main().catch((error: Error) => {
		process.stderr.write(`[emulator] failed to start: ${error.stack ?? error.message}\n`);
		process.exit(1);
	});
}
