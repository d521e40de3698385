/**
 * A strict fake of TikTok for Developers: OAuth (authorize + token), Display API and, as the
 * package grows, Content Posting. It is a pure request handler (method, URL, headers, body in;
 * status, headers, body out) so the same fake can be served by nock in unit tests and by a
 * real HTTP(S) server on 127.0.0.1 for end-to-end runs and the demo.
 *
 * "Strict" means it rejects what TikTok rejects: a wrong method, a missing trailing slash,
 * `client_id` without `client_key`, a body on GET, unknown fields, expired or rotated tokens.
 */
import { randomBytes } from 'node:crypto';

import { type FakeBusinessApi, registerBusinessApi } from './business.mts';
import { PostingDesk } from './posts.mts';
import { registerVideoRoutes, VideoLibrary } from './videos.mts';

export interface FakeRequest {
	method: string;
	/** Absolute URL, e.g. https://open.tiktokapis.com/v2/user/info/?fields=open_id */
	url: string;
	headers: Record<string, string>;
	body: Buffer;
}

export interface FakeResponse {
	/** Drop the connection instead of answering (as a reset or a proxy timeout would). */
	drop?: boolean;
	/** Refuse the connection: the request never reaches TikTok (nothing recorded, nothing done). */
	refuse?: boolean;
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
 * What TikTok does with a refresh whose form body lacks `client_key` (undocumented):
 * T1 reads `client_key` from the URL query; T2 answers 4xx; T3 answers HTTP 200 with an error body.
 */
export type MissingKeyBehaviour = 'T1' | 'T2' | 'T3';

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

export type RouteHandler = (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

export const API_HOST = 'open.tiktokapis.com';
/** A media server a user's workflow might post from (its /verified/ prefix is verified for the app). */
export const MEDIA_HOST = 'media.example.test';
export const AUTH_HOST = 'www.tiktok.com';

export class FakeTikTok {
	readonly clientKey: string;

	readonly clientSecret: string;

	/** Redirect URIs registered for the app in the developer portal (exact match). */
	redirectUris: string[];

	/** What the token endpoint does when the form body lacks client_key. */
	missingKeyBehaviour: MissingKeyBehaviour = 'T1';

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

	private readonly codes = new Map<string, { openId: string; scopes: string[]; redirectUri: string; used: boolean }>();

	private logCounter = 0;

	/**
	 * Faults to inject: the next matching requests get these answers instead of the real ones, or
	 * (`dropAnswer`) are handled as usual and then lose their answer.
	 */
	private readonly faults: Array<{ method: string; path: string; response?: FakeResponse; dropAnswer?: boolean }> = [];

	/** Awaited before each request is handled: lets a test interleave other work (races). */
	beforeHandle?: (request: RecordedRequest) => Promise<void> | void;

	/** Offset added to Date.now(), to move the fake's clock forward (token expiry). */
	clockOffsetMs = 0;

	/** Routes contributed by feature modules (videos.mts, posts.mts): `${METHOD} ${path}` → handler. */
	private readonly routes = new Map<string, RouteHandler>();

	/** Whole hosts contributed by feature modules (business.mts): host → handler. */
	private readonly hosts = new Map<string, RouteHandler>();

	/** The connected users' public videos (Display API). */
	readonly library: VideoLibrary;

	/** Content Posting API: creator info, inits, uploads, status. */
	readonly posts: PostingDesk;

	/** TikTok API for Business (business-api.tiktok.com): its tokens and the comment endpoints. */
	readonly business: FakeBusinessApi;

	/** Files served on https://media.example.test/<path> (with Content-Length, no redirects). */
	readonly mediaFiles = new Map<string, { body: Buffer; contentType: string }>();

	constructor(options: { clientKey?: string; clientSecret?: string; redirectUris?: string[] } = {}) {
		this.clientKey = options.clientKey ?? 'awfaketiktokclientkey';
		this.clientSecret = options.clientSecret ?? 'fake-client-secret-0123456789';
		this.redirectUris = options.redirectUris ?? ['https://n8n.example.test/rest/oauth2-credential/callback'];
		this.addUser({ open_id: '-000OpenIdOfTheDemoCreator', display_name: 'Demo Creator', username: 'demo.creator' });
		this.library = new VideoLibrary(this);
		registerVideoRoutes(this);
		this.posts = new PostingDesk(this);
		this.posts.register();
		this.business = registerBusinessApi(this);
	}

	/** Hands every request to `host` to `handler` (a separate API, such as the API for Business). */
	addHost(host: string, handler: RouteHandler): void {
		this.hosts.set(host, handler);
	}

	/** Adds an API route on open.tiktokapis.com. Other methods on the same path get 405. */
	addRoute(method: string, path: string, handler: RouteHandler): void {
		this.routes.set(`${method} ${path}`, handler);
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
	issueAuthorizationCode(redirectUri: string, scopes: string[], openId = this.defaultUser.open_id): string {
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
		for (const record of this.refreshTokens.values()) if (record.openId === openId) record.dead = 'revoked';
		for (const record of this.accessTokens.values()) if (record.openId === openId) record.expiresAt = 0;
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
				response: response ?? this.envelope(500, 'internal_error', 'Something went wrong. Please try again later.'),
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
		return this.envelope(429, 'rate_limit_exceeded', 'API rate limit exceeded, please try again later.');
	}

	requestsTo(pathPrefix: string): RecordedRequest[] {
		return this.requests.filter((r) => r.path.startsWith(pathPrefix));
	}

	nextLogId(): string {
		this.logCounter++;
		return `20261122${String(this.logCounter).padStart(18, '0')}`;
	}

	async handle(request: FakeRequest): Promise<FakeResponse> {
		const url = new URL(request.url);
		const headers: Record<string, string> = {};
		for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = String(v);
		const bodyText = request.body.toString('utf8');
		const record: RecordedRequest = {
			method: request.method.toUpperCase(),
			host: url.host,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams.entries()),
			headers,
			bodyText,
			status: 0,
		};
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
		this.requests.push(record);
		if (this.beforeHandle) await this.beforeHandle(record);
		const faultIndex = this.faults.findIndex((f) => f.method === record.method && record.path.startsWith(f.path));
		const fault = faultIndex >= 0 ? this.faults.splice(faultIndex, 1)[0] : undefined;
		const response = fault?.response ?? (await this.route(record));
		record.status = response.status;
		if (response.refuse) this.requests.splice(this.requests.indexOf(record), 1);
		if (fault?.dropAnswer) {
			record.answerDropped = true;
			return { status: 0, drop: true };
		}
		return response;
	}

	private async route(req: RecordedRequest): Promise<FakeResponse> {
		if (req.host === AUTH_HOST) {
			if (req.path === '/v2/auth/authorize/' && req.method === 'GET') return this.authorize(req);
			return { status: 404, body: 'Not Found' };
		}
		if (req.host === MEDIA_HOST) {
			const file = req.method === 'GET' ? this.mediaFiles.get(req.path) : undefined;
			if (!file) return { status: 404, body: 'Not Found' };
			return { status: 200, headers: { 'content-type': file.contentType, 'content-length': String(file.body.length) }, body: file.body };
		}
		const hostHandler = this.hosts.get(req.host);
		if (hostHandler) return await hostHandler(req);
		if (req.host !== API_HOST) return { status: 404, body: 'Unknown host' };
		const handler = this.routes.get(`${req.method} ${req.path}`);
		if (handler) return await handler(req);
		if ([...this.routes.keys()].some((key) => key.endsWith(` ${req.path}`))) return this.methodNotAllowed();
		switch (req.path) {
			case '/v2/oauth/token/':
				return req.method === 'POST' ? this.token(req) : this.methodNotAllowed();
			case '/v2/user/info/':
				return req.method === 'GET' ? this.userInfo(req) : this.methodNotAllowed();
			default:
				return { status: 404, headers: { 'content-type': 'text/plain' }, body: '404 page not found' };
		}
	}

	private methodNotAllowed(): FakeResponse {
		return { status: 405, headers: { 'content-type': 'text/plain' }, body: 'Method Not Allowed' };
	}

	// ---------- OAuth ----------

	private authorize(req: RecordedRequest): FakeResponse {
		const q = req.query;
		if (q.client_key !== this.clientKey) {
			return {
				status: 200,
				headers: { 'content-type': 'text/html' },
				body: '<h1>We couldn\'t log in with TikTok</h1><p>Please correct the following: client_key</p>',
			};
		}
		if (!this.redirectUris.includes(q.redirect_uri ?? '')) {
			return { status: 200, headers: { 'content-type': 'text/html' }, body: '<h1>redirect_uri mismatch</h1>' };
		}
		const target = new URL(q.redirect_uri);
		const scopes = (q.scope ?? '').split(',').filter(Boolean);
		if (q.response_type !== 'code' || scopes.some((s) => !this.appScopes.has(s))) {
			target.searchParams.set('error', q.response_type !== 'code' ? 'unsupported_response_type' : 'invalid_scope');
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

	private tokenError(error: string, description: string, status = this.tokenErrorStatus): FakeResponse {
		return this.json(status, { error, error_description: description, log_id: this.nextLogId() });
	}

	private token(req: RecordedRequest): FakeResponse {
		if (!req.form) return this.tokenError('invalid_request', 'The request parameters are malformed.');
		const form = req.form;
		let clientKey = form.client_key;
		if (!clientKey && this.missingKeyBehaviour === 'T1') clientKey = req.query.client_key;
		if (!clientKey) {
			return this.tokenError(
				'invalid_request',
				'Client key is missed in request.',
				this.missingKeyBehaviour === 'T3' ? 200 : this.tokenErrorStatus,
			);
		}
		if (clientKey !== this.clientKey) return this.tokenError('invalid_client', 'Client key or secret is incorrect.');
		if (!form.client_secret) return this.tokenError('invalid_request', 'Client secret is missed in request.');
		if (form.client_secret !== this.clientSecret) {
			return this.tokenError('invalid_client', 'Client key or secret is incorrect.');
		}

		if (form.grant_type === 'authorization_code') {
			const entry = this.codes.get(form.code ?? '');
			if (!entry || entry.used) return this.tokenError('invalid_grant', 'Authorization code is expired.');
			if (form.redirect_uri !== entry.redirectUri) {
				return this.tokenError('invalid_request', 'Redirect_uri is not matched with the uri when requesting code.');
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
			return this.envelope(401, 'access_token_invalid', 'The access token is invalid or not found in the request.');
		}
		if (!record.scopes.includes(scope)) {
			return this.envelope(401, 'scope_not_authorized', `The user did not authorize the scope required for completing this request.`);
		}
		return record;
	}

	private userInfo(req: RecordedRequest): FakeResponse {
		if (req.bodyText.length > 0) return this.envelope(400, 'invalid_params', 'GET requests must not carry a body.');
		const auth = this.authenticate(req, 'user.info.basic');
		if ('status' in auth) return auth;
		const unexpected = Object.keys(req.query).filter((k) => k !== 'fields');
		if (unexpected.length) return this.envelope(400, 'invalid_params', `Unknown parameter: ${unexpected.join(',')}`);
		const fields = (req.query.fields ?? '').split(',').filter(Boolean);
		if (!fields.length) return this.envelope(400, 'invalid_params', 'fields is required.');
		const unknown = fields.filter((f) => !(f in USER_FIELD_SCOPES));
		if (unknown.length) return this.envelope(400, 'invalid_params', `Invalid fields: ${unknown.join(',')}`);
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
