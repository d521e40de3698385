/**
 * A strict fake of TikTok: TikTok for Developers (OAuth, Display API, Content Posting and its
 * upload host), the TikTok API for Business (business.mts) and a user's media server. It is a pure
 * request handler (method, URL, headers, body in; status, headers, body out) so the same fake can
 * be served by nock in unit tests and by a real HTTP(S) server on 127.0.0.1 for end-to-end runs
 * and the demo. Every request goes through one route table (`routeTable()` below, routes.mts).
 *
 * "Strict" means it rejects what TikTok rejects: a wrong method, a missing trailing slash,
 * `client_id` without `client_key`, a body on GET, unknown fields, expired or rotated tokens.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { BUSINESS_BASE_PATH, BUSINESS_HOST, FakeBusinessApi } from './business.mts';
import { getBusinessAccount } from './businessAccount.mts';
import { listBusinessVideos } from './businessVideos.mts';
import { PostingDesk } from './posts.mts';
import { type BodyShape, notFound, type Route, RouteTable, shapeProblem } from './routes.mts';
import { VideoLibrary } from './videos.mts';

export interface FakeRequest {
	method: string;
	/** Absolute URL, e.g. https://open.tiktokapis.com/v2/user/info/?fields=open_id */
	url: string;
	headers: Record<string, string>;
	body: Buffer;
}

/** A request that reached a server of ours (loopback, emulator, bench), as the fake takes it: `origin` names the host it plays. */
export function fakeRequestOf(req: IncomingMessage, body: Buffer, origin: string): FakeRequest {
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(req.headers))
		if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
	return {
		method: req.method ?? 'GET',
		url: new URL(req.url ?? '/', origin).toString(),
		headers,
		body,
	};
}

export interface FakeResponse {
	/** Drop the connection instead of answering (as a reset or a proxy timeout would). */
	drop?: boolean;
	/** Refuse the connection: the request never reaches TikTok (nothing recorded, nothing done). */
	refuse?: boolean;
	/** TikTok handles the request, then the connection drops before this answer reaches the caller. */
	answerLost?: boolean;
	status: number;
	headers?: Record<string, string>;
	body?: string | Buffer;
}

export interface RecordedRequest {
	method: string;
	host: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	bodyText: string;
	/** Parsed form body for application/x-www-form-urlencoded requests. */
	form?: Record<string, string>;
	/** Parsed JSON body for JSON requests. */
	json?: unknown;
	/** Body size, recorded instead of the text for binary uploads. */
	bodyLength?: number;
	status: number;
	/** TikTok handled the request, but its answer was lost on the way back (see dropAnswers). */
	answerDropped?: boolean;
}

/**
 * What TikTok does with a refresh whose form body lacks `client_key` (undocumented): it reads
 * `client_key` from the URL query and goes on, or refuses the refresh with a 4xx error, or
 * refuses it with HTTP 200 and an error body.
 */
export type MissingKeyBehaviour = 'readsKeyFromQuery' | 'answers4xx' | 'answers200WithError';

/** Each behaviour in words, to complete "TikTok …" in test titles and reports. */
export const MISSING_KEY_BEHAVIOURS: Record<MissingKeyBehaviour, string> = {
	readsKeyFromQuery: 'reads client_key from the query if the form body lacks it',
	answers4xx: 'answers 4xx if the form body lacks client_key',
	answers200WithError: 'answers HTTP 200 with an error if the form body lacks client_key',
};

export interface FakeUser {
	open_id: string;
	union_id: string;
	avatar_url: string;
	avatar_url_100: string;
	avatar_large_url: string;
	display_name: string;
	bio_description: string;
	profile_deep_link: string;
	is_verified: boolean;
	username: string;
	follower_count: number;
	following_count: number;
	likes_count: number;
	video_count: number;
}

export interface AccessTokenRecord {
	openId: string;
	scopes: string[];
	expiresAt: number;
}

interface RefreshTokenRecord {
	openId: string;
	scopes: string[];
	expiresAt: number;
	/** Why it no longer works, if it does not. */
	dead?: 'rotated' | 'revoked';
}

const USER_FIELD_SCOPES: Record<string, string> = {
	open_id: 'user.info.basic',
	union_id: 'user.info.basic',
	avatar_url: 'user.info.basic',
	avatar_url_100: 'user.info.basic',
	avatar_large_url: 'user.info.basic',
	display_name: 'user.info.basic',
	bio_description: 'user.info.profile',
	profile_deep_link: 'user.info.profile',
	is_verified: 'user.info.profile',
	username: 'user.info.profile',
	follower_count: 'user.info.stats',
	following_count: 'user.info.stats',
	likes_count: 'user.info.stats',
	video_count: 'user.info.stats',
};

export const API_HOST = 'open.tiktokapis.com';
/** A media server a user's workflow might post from (its /verified/ prefix is verified for the app). */
export const MEDIA_HOST = 'media.example.test';
export const AUTH_HOST = 'www.tiktok.com';
/** TikTok's chunk-upload host, where `upload_url` points unless the fake is told otherwise. */
export const UPLOAD_HOST = 'open-upload.tiktokapis.com';

const VIDEO_CONTENT_TYPES = ['video/mp4', 'video/quicktime', 'video/webm'];
const NO_BODY: BodyShape = { kind: 'none' };

export class FakeTikTok {
	readonly clientKey: string;

	readonly clientSecret: string;

	/** Redirect URIs registered for the app in the developer portal (exact match). */
	redirectUris: string[];

	/** What the token endpoint does when the form body lacks client_key. */
	missingKeyBehaviour: MissingKeyBehaviour = 'readsKeyFromQuery';

	/** HTTP status of token-endpoint errors other than the missing-key case (undocumented). */
	tokenErrorStatus = 400;

	accessTokenTtlSeconds = 7200;

	refreshTokenTtlSeconds = 15_552_000;

	/** Scopes enabled for the app; requesting any other fails the whole authorize. */
	appScopes = new Set([
		'user.info.basic',
		'user.info.profile',
		'user.info.stats',
		'video.list',
		'video.upload',
		'video.publish',
	]);

	readonly requests: RecordedRequest[] = [];

	readonly users = new Map<string, FakeUser>();

	private readonly accessTokens = new Map<string, AccessTokenRecord>();

	private readonly refreshTokens = new Map<string, RefreshTokenRecord>();

	private readonly codes = new Map<
		string,
		{ openId: string; scopes: string[]; redirectUri: string; used: boolean }
	>();

	private logCounter = 0;

	/**
	 * Faults to inject: the next matching requests get these answers instead of the real ones, or
	 * (`dropAnswer`) are handled as usual and then lose their answer.
	 */
	private readonly faults: Array<{
		method: string;
		path: string;
		response?: FakeResponse;
		dropAnswer?: boolean;
	}> = [];

	/** Awaited before each request is handled: lets a test interleave other work (races). */
	beforeHandle?: (request: RecordedRequest) => Promise<void> | void;

	/** Offset added to Date.now(), to move the fake's clock forward (token expiry). */
	clockOffsetMs = 0;

	/** Where upload URLs point (`upload/?upload_id=…` under it): TikTok's upload host, or a loopback server playing it. */
	readonly uploadBaseUrl: string;

	private readonly routes: RouteTable;

	/** The connected users' public videos (Display API). */
	readonly library: VideoLibrary;

	/** Content Posting API: creator info, inits, uploads, status. */
	readonly posts: PostingDesk;

	/** TikTok API for Business (business-api.tiktok.com): its tokens and the comment endpoints. */
	readonly business: FakeBusinessApi;

	/** Files served on https://media.example.test/<path> (with Content-Length, no redirects). */
	readonly mediaFiles = new Map<string, { body: Buffer; contentType: string }>();

	constructor(
		options: {
			clientKey?: string;
			clientSecret?: string;
			redirectUris?: string[];
			uploadBaseUrl?: string;
		} = {},
	) {
		this.clientKey = options.clientKey ?? 'awfaketiktokclientkey';
		this.clientSecret = options.clientSecret ?? 'fake-client-secret-0123456789';
		this.redirectUris = options.redirectUris ?? [
			'https://n8n.example.test/rest/oauth2-credential/callback',
		];
		this.uploadBaseUrl = options.uploadBaseUrl ?? `https://${UPLOAD_HOST}/`;
		this.addUser({
			open_id: '-000OpenIdOfTheDemoCreator',
			display_name: 'Demo Creator',
			username: 'demo.creator',
		});
		this.library = new VideoLibrary(this);
		this.posts = new PostingDesk(this);
		this.business = new FakeBusinessApi(this);
		this.routes = this.routeTable();
	}

	/**
	 * Every endpoint the fake plays. Shapes are checked here (routes.mts) before the handler runs;
	 * each API answers a wrong shape its own way: the Display API with `invalid_params`, Content
	 * Posting with `invalid_param`, the token endpoint with an OAuth error, the API for Business
	 * with code 40002 (and HTTP 200), the upload host and web pages with a plain 400.
	 */
	private routeTable(): RouteTable {
		const display = (problem: string) => this.envelope(400, 'invalid_params', problem);
		const posting = (problem: string) => this.envelope(400, 'invalid_param', problem);
		const oauth = () => this.tokenError('invalid_request', 'The request parameters are malformed.');
		const business = (problem: string) => this.business.invalid(problem);
		const plain = (problem: string): FakeResponse => ({
			status: 400,
			headers: { 'content-type': 'text/plain' },
			body: problem,
		});
		const json = (keys: string[], options: { optional?: boolean } = {}): BodyShape => ({
			kind: 'json',
			keys,
			...options,
		});
		/** The API for Business wants every documented key, and nothing else. */
		const exactly = (keys: string[]): BodyShape => ({ kind: 'json', keys, required: keys });
		const api = (
			method: Route['method'],
			path: string,
			rest: Omit<Route, 'method' | 'host' | 'path'>,
		): Route => ({ method, host: API_HOST, path, ...rest });
		const biz = (
			method: Route['method'],
			path: string,
			rest: Omit<Route, 'method' | 'host' | 'path' | 'refuse'>,
		): Route => ({
			method,
			host: BUSINESS_HOST,
			path: `${BUSINESS_BASE_PATH}${path}`,
			refuse: business,
			...rest,
		});
		const { library, posts } = this;
		const b = this.business;
		const listKeys = [
			'business_id',
			'video_id',
			'status',
			'sort_field',
			'sort_order',
			'cursor',
			'max_count',
		];
		return new RouteTable([
			// Login Kit: the consent page, then the token endpoint (code exchange and refresh).
			{
				method: 'GET',
				host: AUTH_HOST,
				path: '/v2/auth/authorize/',
				query: 'any',
				body: NO_BODY,
				refuse: plain,
				handle: (r) => this.authorize(r),
			},
			// n8n's refresh carries client_key in the query (the credential's token URL).
			api('POST', '/v2/oauth/token/', {
				query: ['client_key'],
				body: { kind: 'form' },
				refuse: oauth,
				handle: (r) => this.token(r),
			}),
			// Display API.
			api('GET', '/v2/user/info/', {
				query: ['fields'],
				body: NO_BODY,
				refuse: display,
				handle: (r) => this.userInfo(r),
			}),
			api('POST', '/v2/video/list/', {
				query: ['fields'],
				body: json(['cursor', 'max_count'], { optional: true }),
				refuse: display,
				handle: (r) => library.list(r),
			}),
			api('POST', '/v2/video/query/', {
				query: ['fields'],
				body: json(['filters']),
				refuse: display,
				handle: (r) => library.query(r),
			}),
			// Content Posting API, and the upload host its upload_url points at.
			api('POST', '/v2/post/publish/creator_info/query/', {
				query: [],
				body: json([], { optional: true }),
				refuse: posting,
				handle: (r) => posts.creatorInfo(r),
			}),
			api('POST', '/v2/post/publish/video/init/', {
				query: [],
				body: json(['post_info', 'source_info']),
				refuse: posting,
				handle: (r) => posts.videoInit(r, 'DIRECT_POST'),
			}),
			api('POST', '/v2/post/publish/inbox/video/init/', {
				query: [],
				body: json(['source_info']),
				refuse: posting,
				handle: (r) => posts.videoInit(r, 'INBOX'),
			}),
			api('POST', '/v2/post/publish/content/init/', {
				query: [],
				body: json(['media_type', 'post_mode', 'post_info', 'source_info']),
				refuse: posting,
				handle: (r) => posts.photoInit(r),
			}),
			api('POST', '/v2/post/publish/status/fetch/', {
				query: [],
				body: json(['publish_id']),
				refuse: posting,
				handle: (r) => posts.statusFetch(r),
			}),
			api('POST', '/v2/post/publish/cancel/', {
				query: [],
				body: json(['publish_id']),
				refuse: posting,
				handle: (r) => posts.cancel(r),
			}),
			{
				method: 'PUT',
				host: new URL(this.uploadBaseUrl).host,
				path: `${new URL(this.uploadBaseUrl).pathname}upload/`,
				query: ['upload_id', 'upload_token'],
				body: { kind: 'chunk', contentTypes: VIDEO_CONTENT_TYPES },
				refuse: plain,
				handle: async (r, bytes) => await posts.upload(r, bytes),
			},
			// A user's media server (files in mediaFiles), for PULL_FROM_URL and n8n's downloads.
			{
				method: 'GET',
				host: MEDIA_HOST,
				path: '/*',
				query: 'any',
				body: NO_BODY,
				refuse: plain,
				handle: (r) => this.mediaFile(r),
			},
			// TikTok API for Business: the account holder's tokens, then the comment endpoints.
			biz('POST', 'tt_user/oauth2/token/', {
				query: [],
				body: exactly(['client_id', 'client_secret', 'grant_type', 'auth_code', 'redirect_uri']),
				handle: (r) => b.codeExchange(r),
			}),
			biz('POST', 'tt_user/oauth2/refresh_token/', {
				query: [],
				body: exactly(['client_id', 'client_secret', 'grant_type', 'refresh_token']),
				handle: (r) => b.refresh(r),
			}),
			biz('POST', 'tt_user/token_info/get/', {
				query: [],
				body: exactly(['app_id', 'access_token']),
				handle: (r) => b.tokenInfo(r),
			}),
			biz('GET', 'business/comment/list/', {
				query: [...listKeys, 'comment_ids', 'include_replies'],
				body: NO_BODY,
				handle: (r) => b.listComments(r),
			}),
			biz('GET', 'business/comment/reply/list/', {
				query: [...listKeys, 'comment_id'],
				body: NO_BODY,
				handle: (r) => b.listReplies(r),
			}),
			biz('POST', 'business/comment/reply/create/', {
				query: [],
				body: exactly(['business_id', 'video_id', 'comment_id', 'text']),
				handle: (r) => b.createReply(r),
			}),
			biz('POST', 'business/comment/hide/', {
				query: [],
				body: exactly(['business_id', 'video_id', 'comment_id', 'action']),
				handle: (r) => b.hide(r),
			}),
			biz('POST', 'business/comment/delete/', {
				query: [],
				body: exactly(['business_id', 'comment_id']),
				handle: (r) => b.deleteComment(r),
			}),
			biz('GET', 'business/video/list/', {
				query: ['business_id', 'fields', 'filters', 'cursor', 'max_count'],
				body: NO_BODY,
				handle: (r) => listBusinessVideos(b, r),
			}),
			// Comment create, pin and like (issue 11). Like: video_id optional (sources disagree).
			biz('POST', 'business/comment/create/', {
				query: [],
				body: exactly(['business_id', 'video_id', 'text']),
				handle: (r) => b.createComment(r),
			}),
			biz('POST', 'business/comment/pin/', {
				query: [],
				body: exactly(['business_id', 'video_id', 'comment_id', 'action']),
				handle: (r) => b.pin(r),
			}),
			biz('POST', 'business/comment/like/', {
				query: [],
				body: {
					kind: 'json',
					keys: ['business_id', 'video_id', 'comment_id', 'action'],
					required: ['business_id', 'comment_id', 'action'],
				},
				handle: (r) => b.like(r),
			}),
			biz('GET', 'business/get/', {
				query: ['business_id', 'start_date', 'end_date', 'fields'],
				body: NO_BODY,
				handle: (r) => getBusinessAccount(b, r),
			}),
		]);
	}

	now(): number {
		return Date.now() + this.clockOffsetMs;
	}

	addUser(partial: Partial<FakeUser> & { open_id: string }): FakeUser {
		const handle = partial.username ?? partial.open_id.toLowerCase();
		const user: FakeUser = {
			union_id: `union-${partial.open_id}`,
			avatar_url: `https://p16-sign.tiktokcdn-us.com/avatar/${handle}~c5_168x168.jpeg`,
			avatar_url_100: `https://p16-sign.tiktokcdn-us.com/avatar/${handle}~c5_100x100.jpeg`,
			avatar_large_url: `https://p16-sign.tiktokcdn-us.com/avatar/${handle}~c5_1080x1080.jpeg`,
			display_name: handle,
			bio_description: 'Posting from n8n',
			profile_deep_link: `https://vm.tiktok.com/${handle}/`,
			is_verified: false,
			username: handle,
			follower_count: 1234,
			following_count: 56,
			likes_count: 7890,
			video_count: 12,
			...partial,
		};
		this.users.set(user.open_id, user);
		return user;
	}

	get defaultUser(): FakeUser {
		return [...this.users.values()][0];
	}

	/** Issues a token pair as a completed Connect would (for seeding stored credentials). */
	grantTokens(scopes: string[] = ['user.info.basic'], openId = this.defaultUser.open_id) {
		return this.issueTokens(openId, scopes);
	}

	/** Simulates the user approving the consent screen: returns a single-use code. */
	issueAuthorizationCode(
		redirectUri: string,
		scopes: string[],
		openId = this.defaultUser.open_id,
	): string {
		const code = `code-${randomBytes(9).toString('hex')}`;
		this.codes.set(code, { openId, scopes, redirectUri, used: false });
		return code;
	}

	/** Every access token issued so far stops working (as after its lifetime). */
	expireAllAccessTokens(): void {
		for (const record of this.accessTokens.values()) record.expiresAt = 0;
	}

	/** The user revoked the app, or TikTok invalidated the grant. */
	revokeAll(openId = this.defaultUser.open_id): void {
		for (const record of this.refreshTokens.values())
			if (record.openId === openId) record.dead = 'revoked';
		for (const record of this.accessTokens.values())
			if (record.openId === openId) record.expiresAt = 0;
	}

	/** Count of successful refreshes (rotations) so far. */
	get rotations(): number {
		return [...this.refreshTokens.values()].filter((r) => r.dead === 'rotated').length;
	}

	/** Secrets this fake has handed out, for "never leaks a token" assertions. */
	get issuedSecrets(): string[] {
		return [...this.accessTokens.keys(), ...this.refreshTokens.keys(), this.clientSecret];
	}

	/** The next `times` requests to `method path…` fail with `response` (default: TikTok's 500). */
	injectFault(method: string, path: string, times = 1, response?: FakeResponse): void {
		for (let i = 0; i < times; i++) {
			this.faults.push({
				method,
				path,
				response:
					response ??
					this.envelope(500, 'internal_error', 'Something went wrong. Please try again later.'),
			});
		}
	}

	/**
	 * The next `times` requests to `method path…` reach TikTok and are handled (an init does start
	 * its post), then the connection drops before the answer, as after a reset or a timeout.
	 */
	dropAnswers(method: string, path: string, times = 1): void {
		for (let i = 0; i < times; i++) this.faults.push({ method, path, dropAnswer: true });
	}

	/** TikTok's answer when a rate limit is hit. */
	rateLimited(): FakeResponse {
		return this.envelope(
			429,
			'rate_limit_exceeded',
			'API rate limit exceeded, please try again later.',
		);
	}

	requestsTo(pathPrefix: string): RecordedRequest[] {
		return this.requests.filter((r) => r.path.startsWith(pathPrefix));
	}

	nextLogId(): string {
		this.logCounter++;
		return `20261122${String(this.logCounter).padStart(18, '0')}`;
	}

	/**
	 * Answers one request: finds its route (or TikTok's 404/405), records it, lets a test
	 * interleave (beforeHandle) or inject a fault, checks its shape, then runs the handler.
	 */
	async handle(request: FakeRequest): Promise<FakeResponse> {
		const url = new URL(request.url);
		const method = request.method.toUpperCase();
		const route = this.routes.find(method, url.host, url.pathname);
		const isChunk = 'handle' in route && route.body.kind === 'chunk';
		const record = recordOf(request, url, method, isChunk);
		// A chunk enters the log once answered: the upload host may hold it in flight (posts.holdUpload).
		if (!isChunk) this.requests.push(record);
		if (this.beforeHandle) await this.beforeHandle(record);
		const faultIndex = this.faults.findIndex(
			(f) => f.method === record.method && record.path.startsWith(f.path),
		);
		const fault = faultIndex >= 0 ? this.faults.splice(faultIndex, 1)[0] : undefined;
		let response = fault?.response ?? (await this.answer(route, record, request.body));
		if (fault?.dropAnswer) response = { ...response, answerLost: true };
		record.status = response.status;
		if (isChunk) this.requests.push(record);
		if (response.refuse) this.requests.splice(this.requests.indexOf(record), 1);
		if (response.answerLost) {
			record.answerDropped = true;
			return { status: 0, drop: true };
		}
		return response;
	}

	private async answer(
		route: Route | FakeResponse,
		record: RecordedRequest,
		body: Buffer,
	): Promise<FakeResponse> {
		if (!('handle' in route)) return route;
		const problem = shapeProblem(route, record);
		return problem ? route.refuse(problem) : await route.handle(record, body);
	}

	private mediaFile(req: RecordedRequest): FakeResponse {
		const file = this.mediaFiles.get(req.path);
		if (!file) return notFound();
		return {
			status: 200,
			headers: { 'content-type': file.contentType, 'content-length': String(file.body.length) },
			body: file.body,
		};
	}

	// ---------- OAuth ----------

	private authorize(req: RecordedRequest): FakeResponse {
		const q = req.query;
		if (q.client_key !== this.clientKey) {
			return {
				status: 200,
				headers: { 'content-type': 'text/html' },
				body: "<h1>We couldn't log in with TikTok</h1><p>Please correct the following: client_key</p>",
			};
		}
		if (!this.redirectUris.includes(q.redirect_uri ?? '')) {
			return {
				status: 200,
				headers: { 'content-type': 'text/html' },
				body: '<h1>redirect_uri mismatch</h1>',
			};
		}
		const target = new URL(q.redirect_uri);
		const scopes = (q.scope ?? '').split(',').filter(Boolean);
		if (q.response_type !== 'code' || scopes.some((s) => !this.appScopes.has(s))) {
			target.searchParams.set(
				'error',
				q.response_type !== 'code' ? 'unsupported_response_type' : 'invalid_scope',
			);
			target.searchParams.set('error_description', 'The request was rejected.');
			if (q.state) target.searchParams.set('state', q.state);
			return { status: 302, headers: { location: target.toString() } };
		}
		const code = this.issueAuthorizationCode(q.redirect_uri, scopes);
		target.searchParams.set('code', code);
		target.searchParams.set('scopes', scopes.join(','));
		if (q.state) target.searchParams.set('state', q.state);
		return { status: 302, headers: { location: target.toString() } };
	}

	private tokenError(
		error: string,
		description: string,
		status = this.tokenErrorStatus,
	): FakeResponse {
		return this.json(status, { error, error_description: description, log_id: this.nextLogId() });
	}

	private token(req: RecordedRequest): FakeResponse {
		const form = req.form ?? {};
		let clientKey = form.client_key;
		if (!clientKey && this.missingKeyBehaviour === 'readsKeyFromQuery')
			clientKey = req.query.client_key;
		if (!clientKey) {
			return this.tokenError(
				'invalid_request',
				'Client key is missed in request.',
				this.missingKeyBehaviour === 'answers200WithError' ? 200 : this.tokenErrorStatus,
			);
		}
		if (clientKey !== this.clientKey)
			return this.tokenError('invalid_client', 'Client key or secret is incorrect.');
		if (!form.client_secret)
			return this.tokenError('invalid_request', 'Client secret is missed in request.');
		if (form.client_secret !== this.clientSecret) {
			return this.tokenError('invalid_client', 'Client key or secret is incorrect.');
		}

		if (form.grant_type === 'authorization_code') {
			const entry = this.codes.get(form.code ?? '');
			if (!entry || entry.used)
				return this.tokenError('invalid_grant', 'Authorization code is expired.');
			if (form.redirect_uri !== entry.redirectUri) {
				return this.tokenError(
					'invalid_request',
					'Redirect_uri is not matched with the uri when requesting code.',
				);
			}
			entry.used = true;
			return this.json(200, this.issueTokens(entry.openId, entry.scopes));
		}
		if (form.grant_type === 'refresh_token') {
			const record = this.refreshTokens.get(form.refresh_token ?? '');
			if (!record || record.dead || record.expiresAt < this.now()) {
				return this.tokenError('invalid_grant', 'Refresh token is invalid or expired.');
			}
			// TikTok's newer docs: every refresh rotates, and the old refresh token dies at once.
			record.dead = 'rotated';
			return this.json(200, this.issueTokens(record.openId, record.scopes));
		}
		return this.tokenError('unsupported_grant_type', 'The grant type is not supported.');
	}

	private issueTokens(openId: string, scopes: string[]) {
		const accessToken = `act.${randomBytes(24).toString('hex')}`;
		const refreshToken = `rft.${randomBytes(24).toString('hex')}`;
		this.accessTokens.set(accessToken, {
			openId,
			scopes,
			expiresAt: this.now() + this.accessTokenTtlSeconds * 1000,
		});
		this.refreshTokens.set(refreshToken, {
			openId,
			scopes,
			expiresAt: this.now() + this.refreshTokenTtlSeconds * 1000,
		});
		return {
			access_token: accessToken,
			expires_in: this.accessTokenTtlSeconds,
			open_id: openId,
			refresh_expires_in: this.refreshTokenTtlSeconds,
			refresh_token: refreshToken,
			scope: scopes.join(','),
			token_type: 'Bearer',
		};
	}

	// ---------- v2 API ----------

	json(status: number, body: unknown): FakeResponse {
		return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
	}

	/** The v2 envelope. `rawData` lets a route splice in bare int64 literals. */
	envelope(status: number, code: string, message: string, data?: unknown): FakeResponse {
		const error = { code, message, log_id: this.nextLogId() };
		return this.json(status, data === undefined ? { error } : { data, error });
	}

	/** Resolves the bearer token or returns the 401 TikTok sends. */
	authenticate(req: RecordedRequest, scope: string): AccessTokenRecord | FakeResponse {
		const header = req.headers.authorization ?? '';
		const match = /^Bearer (\S+)$/.exec(header);
		const record = match ? this.accessTokens.get(match[1]) : undefined;
		if (!record || record.expiresAt <= this.now()) {
			return this.envelope(
				401,
				'access_token_invalid',
				'The access token is invalid or not found in the request.',
			);
		}
		if (!record.scopes.includes(scope)) {
			return this.envelope(
				401,
				'scope_not_authorized',
				`The user did not authorize the scope required for completing this request.`,
			);
		}
		return record;
	}

	private userInfo(req: RecordedRequest): FakeResponse {
		const auth = this.authenticate(req, 'user.info.basic');
		if ('status' in auth) return auth;
		const fields = (req.query.fields ?? '').split(',').filter(Boolean);
		if (!fields.length) return this.envelope(400, 'invalid_params', 'fields is required.');
		const unknown = fields.filter((f) => !(f in USER_FIELD_SCOPES));
		if (unknown.length)
			return this.envelope(400, 'invalid_params', `Invalid fields: ${unknown.join(',')}`);
		const missing = fields.filter((f) => !auth.scopes.includes(USER_FIELD_SCOPES[f]));
		if (missing.length) {
			return this.envelope(
				400,
				'scope_permission_missed',
				`The fields ${missing.join(',')} need scopes the user did not authorize.`,
			);
		}
		const user = this.users.get(auth.openId);
		if (!user) return this.envelope(500, 'internal_error', 'User vanished.');
		const out: Record<string, unknown> = {};
		for (const f of fields) out[f] = user[f as keyof FakeUser];
		return this.envelope(200, 'ok', '', { user: out });
	}
}

/** The request as tests read it: lower-case headers, the query, the form or JSON parsed; a chunk's size instead of its bytes. */
function recordOf(
	request: FakeRequest,
	url: URL,
	method: string,
	isChunk: boolean,
): RecordedRequest {
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = String(v);
	const bodyText = isChunk ? '' : request.body.toString('utf8');
	const record: RecordedRequest = {
		method,
		host: url.host,
		path: url.pathname,
		query: Object.fromEntries(url.searchParams.entries()),
		headers,
		bodyText,
		status: 0,
	};
	if (isChunk) {
		record.bodyLength = request.body.length;
		return record;
	}
	const contentType = headers['content-type'] ?? '';
	if (contentType.startsWith('application/x-www-form-urlencoded')) {
		record.form = Object.fromEntries(new URLSearchParams(bodyText).entries());
	} else if (contentType.startsWith('application/json') && bodyText) {
		try {
			record.json = JSON.parse(bodyText);
		} catch {
			record.json = undefined;
		}
	}
	return record;
}
