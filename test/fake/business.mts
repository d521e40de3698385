/**
 * TikTok API for Business part of the fake (host business-api.tiktok.com, paths under
 * /open_api/v1.3/): the account holder's token protocol and the comment endpoints, with the shapes
 * recorded in docs/business-api.md.
 *
 * Strict like the rest of the fake:
 * - token calls are POST with a JSON body holding exactly the documented keys (`auth_code`, not
 *   `code`; `client_id`, not `client_key`); answers are `{code, message, request_id, data}` and
 *   errors come with HTTP 200 and `code !== 0`, as TikTok does;
 * - each refresh rotates the refresh token and kills the old one; codes are single use;
 * - API calls need `Access-Token` (a Bearer `Authorization` is not looked at), the scope of the
 *   endpoint, and `business_id` equal to the token's account; videos and comments must belong
 *   to the account.
 * The shapes (methods, GETs without a body, the query and body keys of each endpoint) are in the
 * fake's route table (tiktok.mts), which answers a wrong one with this API's `invalid` below.
 *
 * Codes the fake uses where TikTok's are not confirmed (docs/business-api.md §5) are marked
 * "fake's choice": the package must not depend on them.
 */
import { randomBytes } from 'node:crypto';

import { type FakeBusinessVideo, newFakeBusinessVideo } from './businessVideos.mts';
import { jsonBody } from './routes.mts';
import type { FakeResponse, FakeTikTok, RecordedRequest } from './tiktok.mts';
import { stringifyWithInt64 } from './videos.mts';

export const BUSINESS_HOST = 'business-api.tiktok.com';
export const BUSINESS_BASE_PATH = '/open_api/v1.3/';

export type BusinessScope =
	| 'user.info.basic'
	| 'user.info.username'
	| 'user.info.stats'
	| 'user.account.type'
	| 'user.insights'
	| 'video.list'
	| 'video.insights'
	| 'comment.list'
	| 'comment.list.manage';

export interface FakeBusinessComment {
	comment_id: string;
	video_id: string;
	parent_comment_id?: string;
	unique_identifier: string;
	user_id: string;
	/** Unix seconds. Lists send it as text, as TikTok's examples do. */
	create_time: number;
	text: string;
	likes: number;
	owner: boolean;
	liked: boolean;
	pinned: boolean;
	status: 'PUBLIC' | 'HIDDEN';
	username: string;
	display_name: string;
	profile_image: string;
}

interface TokenRecord {
	openId: string;
	scopes: string[];
	expiresAt: number;
	dead?: 'rotated' | 'revoked';
}

/** The fake's own answers are told apart from parsed input by their numeric HTTP status. */
function isResponse(value: unknown): value is FakeResponse {
	return Boolean(value) && typeof (value as FakeResponse).status === 'number';
}

const MAX_COUNT = 30;
const DEFAULT_MAX_COUNT = 20;
const SORT_ORDERS = ['asc', 'desc', 'smart'];
const MAX_TEXT = 150;
const INCLUDED_REPLIES = 3;
const NEWEST_COMMENT_TIME = 1_732_100_000;

export class FakeBusinessApi {
	readonly appId = '7301234567890123456';

	readonly appSecret = 'fake-business-secret-0123456789abcdef';

	/** TikTok account holder redirect URLs registered for the app (they end with "/"). */
	redirectUris = ['https://n8n.example.test/tiktok/callback/'];

	/** The connected brand account. */
	readonly openId = '-000BusinessOpenIdOfTheBrand';

	readonly brand = { username: 'demo.brand', display_name: 'Demo Brand' };

	/**
	 * `v1.3`: open_id, expires_in, refresh_token_expires_in. `legacy`: creator_id, expires, refresh_expires.
	 * `no_account`: v1.3 without open_id (the account is then only in token info).
	 */
	tokenShape: 'v1.3' | 'legacy' | 'no_account' = 'v1.3';

	/** What a call with an expired access token gets: 40105 ("incorrect or revoked") or 40102 ("expired"). */
	expiredTokenCode: 40102 | 40105 = 40105;

	accessTokenTtlSeconds = 86_400;

	refreshTokenTtlSeconds = 31_536_000;

	/** Sizes of the next list pages, consumed one per list call (short pages while has_more stays true). */
	pageSizes: number[] = [];

	readonly comments: FakeBusinessComment[] = [];

	/** Videos and the account that posted them. */
	readonly videos = new Map<string, string>();

	/** What business/video/list/ tells about each video (caption, create_time, metrics). */
	readonly videoDetails = new Map<string, FakeBusinessVideo>();

	private readonly accessTokens = new Map<string, TokenRecord>();

	private readonly refreshTokens = new Map<string, TokenRecord>();

	private readonly codes = new Map<
		string,
		{ openId: string; scopes: string[]; redirectUri: string; used: boolean; expiresAt: number }
	>();

	private requestCounter = 0;

	private commentSequence = 0;

	constructor(readonly fake: FakeTikTok) {}

	// ---------- seeding ----------

	/** A token pair as a completed authorization would issue (for seeding stored credentials). */
	grantTokens(scopes: string[] = ['comment.list', 'comment.list.manage'], openId = this.openId) {
		return this.issueTokens(openId, scopes);
	}

	/** The account holder approved the app: a single-use code valid for 10 minutes. */
	issueAuthorizationCode(
		scopes: string[] = ['comment.list', 'comment.list.manage'],
		redirectUri = this.redirectUris[0],
	): string {
		const code = `bizcode.${randomBytes(12).toString('hex')}`;
		this.codes.set(code, {
			openId: this.openId,
			scopes,
			redirectUri,
			used: false,
			expiresAt: this.fake.now() + 600_000,
		});
		return code;
	}

	expireAllAccessTokens(): void {
		for (const record of this.accessTokens.values()) record.expiresAt = 0;
	}

	/** The account holder removed the app: every token stops working. */
	revokeAll(): void {
		for (const record of this.refreshTokens.values()) record.dead = 'revoked';
		for (const record of this.accessTokens.values()) record.dead = 'revoked';
	}

	get rotations(): number {
		return [...this.refreshTokens.values()].filter((record) => record.dead === 'rotated').length;
	}

	get issuedSecrets(): string[] {
		return [
			...this.accessTokens.keys(),
			...this.refreshTokens.keys(),
			...this.codes.keys(),
			this.appSecret,
		];
	}

	/** A video of the account, with `count` top-level comments (newest first) and optional replies. */
	seedVideo(
		videoId: string,
		count = 0,
		options: {
			repliesPerComment?: number;
			openId?: string;
			caption?: string;
			createTime?: number;
		} = {},
	): FakeBusinessComment[] {
		this.videos.set(videoId, options.openId ?? this.openId);
		if (!this.videoDetails.has(videoId)) {
			this.videoDetails.set(
				videoId,
				newFakeBusinessVideo(videoId, this.videoDetails.size, {
					caption: options.caption,
					createTime: options.createTime,
				}),
			);
		}
		const added: FakeBusinessComment[] = [];
		for (let i = 0; i < count; i++) {
			const comment = this.addComment(videoId, {
				text: `Comment ${i + 1} on ${videoId.slice(-4)}`,
			});
			added.push(comment);
			for (let r = 0; r < (options.repliesPerComment ?? 0); r++) {
				this.addComment(videoId, {
					text: `Reply ${r + 1} to comment ${i + 1}`,
					parentId: comment.comment_id,
				});
			}
		}
		return added;
	}

	/** `count` more videos of the account (19-digit IDs), each an hour older than the last. */
	seedVideos(count: number, options: { openId?: string } = {}): string[] {
		const ids: string[] = [];
		for (let i = 0; i < count; i++) {
			const id = // Not a multiple of a large power of two: a double would round every one of them.
				(7_440_000_000_000_000_001n + BigInt(this.videoDetails.size) * 1_000_003n).toString();
			this.seedVideo(id, 0, options);
			ids.push(id);
		}
		return ids;
	}

	addComment(
		videoId: string,
		input: {
			text: string;
			parentId?: string;
			owner?: boolean;
			status?: 'PUBLIC' | 'HIDDEN';
			likes?: number;
		},
	): FakeBusinessComment {
		const sequence = this.commentSequence++;
		const author = input.owner
			? { username: this.brand.username, display_name: this.brand.display_name, id: this.openId }
			: { username: `fan.${sequence}`, display_name: `Fan ${sequence}`, id: `fan-${sequence}` };
		const comment: FakeBusinessComment = {
			comment_id: (7_439_000_000_000_000_000n + BigInt(sequence) * 1_000_003n).toString(),
			video_id: videoId,
			...(input.parentId ? { parent_comment_id: input.parentId } : {}),
			unique_identifier: `uid-${author.id}`,
			user_id: `user-${author.id}`,
			create_time: NEWEST_COMMENT_TIME - sequence * 60,
			text: input.text,
			likes: input.likes ?? (sequence * 7) % 23,
			owner: input.owner ?? false,
			liked: false,
			pinned: false,
			status: input.status ?? 'PUBLIC',
			username: author.username,
			display_name: author.display_name,
			profile_image: `https://p16-sign.tiktokcdn-us.com/avatar/${author.username}~c5_168x168.jpeg`,
		};
		this.comments.push(comment);
		return comment;
	}

	topLevel(videoId: string): FakeBusinessComment[] {
		return this.comments.filter((c) => c.video_id === videoId && !c.parent_comment_id);
	}

	repliesTo(commentId: string): FakeBusinessComment[] {
		return this.comments.filter((c) => c.parent_comment_id === commentId);
	}

	find(commentId: string): FakeBusinessComment | undefined {
		return this.comments.find((c) => c.comment_id === commentId);
	}

	// ---------- wire helpers ----------

	nextRequestId(): string {
		this.requestCounter++;
		return `20261122000000${String(this.requestCounter).padStart(6, '0')}BIZ`;
	}

	/** TikTok's envelope; errors too come with HTTP 200. Bigints reach the wire as bare int64 numbers. */
	answer(code: number, message: string, data: unknown = {}): FakeResponse {
		return {
			status: 200,
			headers: { 'content-type': 'application/json' },
			body: stringifyWithInt64({ code, message, request_id: this.nextRequestId(), data }),
		};
	}

	ok(data: unknown): FakeResponse {
		return this.answer(0, 'OK', data);
	}

	/** Fake's choice of code for a bad parameter (40002 is TikTok's parameter error in client code). */
	invalid(message: string): FakeResponse {
		return this.answer(40002, message);
	}

	// ---------- tokens ----------

	private checkApp(
		body: Record<string, unknown>,
		idKey: string,
		secretKey?: string,
	): FakeResponse | undefined {
		if (body[idKey] !== this.appId || (secretKey && body[secretKey] !== this.appSecret)) {
			return this.answer(40101, 'Invalid app_id or secret.');
		}
		return undefined;
	}

	/** A code exchange's or refresh's body, once its app and grant type are right; else the refusal. */
	private grant(
		req: RecordedRequest,
		grantType: 'authorization_code' | 'refresh_token',
	): Record<string, unknown> | FakeResponse {
		const body = jsonBody(req);
		const refused = this.checkApp(body, 'client_id', 'client_secret');
		if (refused) return refused;
		return body.grant_type === grantType ? body : this.invalid(`grant_type must be ${grantType}.`);
	}

	codeExchange(req: RecordedRequest): FakeResponse {
		const body = this.grant(req, 'authorization_code');
		if (isResponse(body)) return body;
		const entry = this.codes.get(String(body.auth_code));
		if (!entry || entry.used || entry.expiresAt < this.fake.now())
			return this.answer(40110, 'Invalid auth_code.');
		if (body.redirect_uri !== entry.redirectUri)
			return this.invalid('redirect_uri does not match the authorization request.');
		entry.used = true;
		return this.ok(this.tokenData(this.issueTokens(entry.openId, entry.scopes)));
	}

	refresh(req: RecordedRequest): FakeResponse {
		const body = this.grant(req, 'refresh_token');
		if (isResponse(body)) return body;
		const record = this.refreshTokens.get(String(body.refresh_token));
		// Fake's choice: TikTok's code for a dead refresh token is not confirmed.
		if (!record || record.dead || record.expiresAt < this.fake.now())
			return this.invalid('refresh_token is invalid or expired.');
		record.dead = 'rotated';
		return this.ok(this.tokenData(this.issueTokens(record.openId, record.scopes)));
	}

	tokenInfo(req: RecordedRequest): FakeResponse {
		const body = jsonBody(req);
		const refused = this.checkApp(body, 'app_id');
		if (refused) return refused;
		const record = this.accessTokens.get(String(body.access_token));
		if (!record || record.dead || record.expiresAt <= this.fake.now()) {
			return this.answer(40105, 'Access token is incorrect or has been revoked.');
		}
		return this.ok({
			app_id: this.appId,
			creator_id: record.openId,
			scope: record.scopes.join(','),
		});
	}

	private issueTokens(openId: string, scopes: string[]) {
		const accessToken = `act.biz.${randomBytes(20).toString('hex')}`;
		const refreshToken = `rft.biz.${randomBytes(20).toString('hex')}`;
		this.accessTokens.set(accessToken, {
			openId,
			scopes,
			expiresAt: this.fake.now() + this.accessTokenTtlSeconds * 1000,
		});
		this.refreshTokens.set(refreshToken, {
			openId,
			scopes,
			expiresAt: this.fake.now() + this.refreshTokenTtlSeconds * 1000,
		});
		return { accessToken, refreshToken, openId, scopes };
	}

	private tokenData(tokens: {
		accessToken: string;
		refreshToken: string;
		openId: string;
		scopes: string[];
	}) {
		const common = {
			access_token: tokens.accessToken,
			refresh_token: tokens.refreshToken,
			scope: tokens.scopes.join(','),
			token_type: 'Bearer',
		};
		if (this.tokenShape === 'legacy') {
			return {
				...common,
				creator_id: tokens.openId,
				expires: this.accessTokenTtlSeconds,
				refresh_expires: this.refreshTokenTtlSeconds,
			};
		}
		const v13 = {
			...common,
			expires_in: this.accessTokenTtlSeconds,
			refresh_token_expires_in: this.refreshTokenTtlSeconds,
		};
		return this.tokenShape === 'no_account' ? v13 : { ...v13, open_id: tokens.openId };
	}

	// ---------- API calls ----------

	/**
	 * Token, scope and business_id, as every account endpoint checks them (for handlers in other
	 * files). No scope: endpoints whose scopes go by the fields asked (business/get/).
	 */
	authorizeCall(
		req: RecordedRequest,
		scope: BusinessScope | undefined,
		businessId: unknown,
	): { openId: string } | FakeResponse {
		return this.authorize(req, scope, businessId);
	}

	/** Whether the call's access token was granted `scope` (after authorizeCall let it through). */
	tokenHasScope(req: RecordedRequest, scope: BusinessScope): boolean {
		return (
			this.accessTokens.get(req.headers['access-token'] ?? '')?.scopes.includes(scope) ?? false
		);
	}

	/** A field the token has no scope for: the whole call fails (code 40130 seen live). */
	fieldScopeMissing(fields: string[], scope: BusinessScope): FakeResponse {
		return this.answer(
			40130,
			`The access token has not been granted the scope ${scope} required by the field(s): ${fields.join(', ')}.`,
		);
	}

	/** Token, scope and business_id, as every comment endpoint checks them. */
	private authorize(
		req: RecordedRequest,
		scope: BusinessScope | undefined,
		businessId: unknown,
	): { openId: string } | FakeResponse {
		const token = req.headers['access-token'];
		if (!token) return this.answer(40104, 'Access token is empty.');
		const record = this.accessTokens.get(token);
		if (!record || record.dead)
			return this.answer(40105, 'Access token is incorrect or has been revoked.');
		if (record.expiresAt <= this.fake.now()) {
			return this.expiredTokenCode === 40102
				? this.answer(40102, 'Access token has expired.')
				: this.answer(40105, 'Access token is incorrect or has been revoked.');
		}
		// Fake's choice of code for a missing scope.
		if (scope !== undefined && !record.scopes.includes(scope))
			return this.answer(40001, `Permission denied: the scope ${scope} is not authorized.`);
		if (businessId !== record.openId)
			return this.answer(40001, 'No permission to operate this business_id.');
		return { openId: record.openId };
	}

	private ownedVideo(openId: string, videoId: unknown): FakeResponse | undefined {
		if (typeof videoId !== 'string' || !/^\d{1,19}$/.test(videoId))
			return this.invalid('video_id is invalid.');
		if (this.videos.get(videoId) !== openId)
			return this.invalid('video_id does not belong to this account.');
		return undefined;
	}

	/**
	 * One page of `all` as the list endpoints answer it, after checking their paging, filter and
	 * sort parameters. "smart" (TikTok's own ranking) is served newest first, like "desc".
	 */
	private commentPage(
		query: Record<string, string>,
		all: FakeBusinessComment[],
		toWire: (comment: FakeBusinessComment) => Record<string, unknown>,
	): FakeResponse {
		const cursor = query.cursor === undefined ? 0 : Number(query.cursor);
		if (!Number.isSafeInteger(cursor) || cursor < 0)
			return this.invalid('cursor must be a non-negative integer.');
		const maxCount = query.max_count === undefined ? DEFAULT_MAX_COUNT : Number(query.max_count);
		if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > MAX_COUNT)
			return this.invalid(`max_count must be between 1 and ${MAX_COUNT}.`);
		if (query.status !== undefined && !['PUBLIC', 'ALL'].includes(query.status))
			return this.invalid('status must be PUBLIC or ALL.');
		if (
			query.sort_field !== undefined &&
			!['create_time', 'likes', 'replies'].includes(query.sort_field)
		) {
			return this.invalid('sort_field must be create_time, likes or replies.');
		}
		if (query.sort_order !== undefined && !SORT_ORDERS.includes(query.sort_order))
			return this.invalid(`sort_order must be one of ${SORT_ORDERS.join(', ')}.`);

		const listed = query.status === 'PUBLIC' ? all.filter((c) => c.status === 'PUBLIC') : all;
		const field = query.sort_field ?? 'create_time';
		const value = (c: FakeBusinessComment) =>
			field === 'likes'
				? c.likes
				: field === 'replies'
					? this.repliesTo(c.comment_id).length
					: c.create_time;
		const ascending = query.sort_order === 'asc';
		const sorted = [...listed].sort((a, b) =>
			ascending ? value(a) - value(b) : value(b) - value(a),
		);
		const size = Math.min(maxCount, this.pageSizes.shift() ?? maxCount);
		const page = sorted.slice(cursor, cursor + size);
		const next = cursor + page.length;
		return this.ok({ comments: page.map(toWire), cursor: next, has_more: next < sorted.length });
	}

	/** A comment as the list endpoints send it. */
	private wire(comment: FakeBusinessComment, withReplies = false): Record<string, unknown> {
		const { create_time: createTime, ...rest } = comment;
		const out: Record<string, unknown> = {
			...rest,
			create_time: String(createTime),
			replies: this.repliesTo(comment.comment_id).length,
		};
		if (withReplies) {
			// TikTok's reference types reply_list's comment_id and video_id as numbers: 19-digit bare
			// integers that JSON.parse would round.
			out.reply_list = this.repliesTo(comment.comment_id)
				.slice(0, INCLUDED_REPLIES)
				.map((reply) => ({
					...this.wire(reply),
					comment_id: BigInt(reply.comment_id),
					video_id: BigInt(reply.video_id),
				}));
		}
		return out;
	}

	/** The token's account once it may act (`scope`) for `business_id` and owns `video_id`; else the refusal. */
	private onOwnedVideo(
		req: RecordedRequest,
		scope: BusinessScope,
		params: Record<string, unknown>,
	): { openId: string } | FakeResponse {
		const auth = this.authorize(req, scope, params.business_id);
		if (isResponse(auth)) return auth;
		return this.ownedVideo(auth.openId, params.video_id) ?? auth;
	}

	listComments(req: RecordedRequest): FakeResponse {
		const q = req.query;
		const refused = this.onOwnedVideo(req, 'comment.list', q);
		if (isResponse(refused)) return refused;
		if (q.include_replies !== undefined && !['true', 'false'].includes(q.include_replies))
			return this.invalid('include_replies must be a boolean.');
		return this.commentPage(q, this.topLevel(q.video_id), (c) =>
			this.wire(c, q.include_replies === 'true'),
		);
	}

	listReplies(req: RecordedRequest): FakeResponse {
		const q = req.query;
		const refused = this.onOwnedVideo(req, 'comment.list', q);
		if (isResponse(refused)) return refused;
		const parent = this.find(q.comment_id ?? '');
		if (!parent || parent.video_id !== q.video_id || parent.parent_comment_id)
			return this.invalid('comment_id is invalid.');
		return this.commentPage(q, this.repliesTo(parent.comment_id), (c) => this.wire(c));
	}

	/**
	 * The checks TikTok makes before acting on a comment (reply, hide): a token with
	 * comment.list.manage for that account, a video it owns, and a comment on that video.
	 */
	private manageComment(
		req: RecordedRequest,
	): { body: Record<string, unknown>; comment: FakeBusinessComment } | FakeResponse {
		const body = jsonBody(req);
		const refused = this.onOwnedVideo(req, 'comment.list.manage', body);
		if (isResponse(refused)) return refused;
		const comment = this.find(String(body.comment_id));
		if (!comment || comment.video_id !== body.video_id)
			return this.invalid('comment_id is invalid.');
		return { body, comment };
	}

	createReply(req: RecordedRequest): FakeResponse {
		const target = this.manageComment(req);
		if (isResponse(target)) return target;
		const { body, comment: parent } = target;
		if (typeof body.text !== 'string' || [...body.text].length > MAX_TEXT)
			return this.invalid(`text must be at most ${MAX_TEXT} characters.`);
		const reply = this.addComment(String(body.video_id), {
			text: body.text,
			parentId: parent.parent_comment_id ?? parent.comment_id,
			owner: true,
		});
		return this.written(reply);
	}

	hide(req: RecordedRequest): FakeResponse {
		const target = this.manageComment(req);
		if (isResponse(target)) return target;
		const { body, comment } = target;
		if (body.action !== 'HIDE' && body.action !== 'UNHIDE')
			return this.invalid('action must be HIDE or UNHIDE.');
		comment.status = body.action === 'HIDE' ? 'HIDDEN' : 'PUBLIC';
		return this.answer(0, 'Ok', {});
	}

	deleteComment(req: RecordedRequest): FakeResponse {
		const body = jsonBody(req);
		const auth = this.authorize(req, 'comment.list.manage', body.business_id);
		if (isResponse(auth)) return auth;
		const comment = this.find(String(body.comment_id));
		if (!comment || this.videos.get(comment.video_id) !== auth.openId)
			return this.invalid('comment_id is invalid.');
		// TikTok: "Comments of other users cannot be deleted; they can only be hidden." Fake's choice of code.
		if (!comment.owner)
			return this.answer(40001, 'Only comments created by the authorized account can be deleted.');
		for (let i = this.comments.length - 1; i >= 0; i--) {
			const c = this.comments[i];
			if (c.comment_id === comment.comment_id || c.parent_comment_id === comment.comment_id)
				this.comments.splice(i, 1);
		}
		return this.answer(0, 'Ok', {});
	}

	// ---------- Create, Pin and Like (issue 11) ----------

	/** A comment ID as TikTok takes it: a string of digits (a JSON number is refused). */
	private commentIdProblem(commentId: unknown): FakeResponse | undefined {
		return typeof commentId === 'string' && /^\d{1,19}$/.test(commentId)
			? undefined
			: this.invalid('comment_id is invalid.');
	}

	/** `business/comment/create/`: a top-level comment by the account on one of its videos. */
	createComment(req: RecordedRequest): FakeResponse {
		const body = jsonBody(req);
		const refused = this.onOwnedVideo(req, 'comment.list.manage', body);
		if (isResponse(refused)) return refused;
		if (typeof body.text !== 'string' || [...body.text].length > MAX_TEXT)
			return this.invalid(`text must be at most ${MAX_TEXT} characters.`);
		return this.written(this.addComment(String(body.video_id), { text: body.text, owner: true }));
	}

	/** The answer to a comment or reply the account just wrote: dated now, create_time as text. */
	private written(comment: FakeBusinessComment): FakeResponse {
		comment.create_time = Math.floor(this.fake.now() / 1000);
		return this.ok({
			video_id: comment.video_id,
			...(comment.parent_comment_id ? { parent_comment_id: comment.parent_comment_id } : {}),
			comment_id: comment.comment_id,
			create_time: String(comment.create_time),
			text: comment.text,
			user_id: comment.user_id,
			unique_identifier: comment.unique_identifier,
		});
	}

	/**
	 * `business/comment/pin/`: PIN or UNPIN a top-level comment of that video. TikTok shows one
	 * pinned comment per video, so a pin unpins the one pinned before. Codes and messages of the
	 * refusals are the fake's choice.
	 */
	pin(req: RecordedRequest): FakeResponse {
		const target = this.manageComment(req);
		if (isResponse(target)) return target;
		const { body, comment } = target;
		const badId = this.commentIdProblem(body.comment_id);
		if (badId) return badId;
		if (body.action !== 'PIN' && body.action !== 'UNPIN')
			return this.invalid('action must be PIN or UNPIN.');
		if (comment.parent_comment_id) return this.invalid('Only top-level comments can be pinned.');
		if (body.action === 'PIN') {
			for (const other of this.topLevel(comment.video_id)) other.pinned = false;
		}
		comment.pinned = body.action === 'PIN';
		return this.answer(0, 'Ok', {});
	}

	/**
	 * `business/comment/like/`: LIKE or UNLIKE a comment on one of the account's videos. Sources
	 * disagree on `video_id` (docs/business-api.md §4.8): the fake accepts the body with or without
	 * it, and when present it must be the comment's video. Liking twice counts once.
	 */
	like(req: RecordedRequest): FakeResponse {
		const body = jsonBody(req);
		const auth = this.authorize(req, 'comment.list.manage', body.business_id);
		if (isResponse(auth)) return auth;
		const badId = this.commentIdProblem(body.comment_id);
		if (badId) return badId;
		if (body.video_id !== undefined) {
			const notOwned = this.ownedVideo(auth.openId, body.video_id);
			if (notOwned) return notOwned;
		}
		const comment = this.find(String(body.comment_id));
		if (
			!comment ||
			this.videos.get(comment.video_id) !== auth.openId ||
			(body.video_id !== undefined && comment.video_id !== body.video_id)
		)
			return this.invalid('comment_id is invalid.');
		if (body.action !== 'LIKE' && body.action !== 'UNLIKE')
			return this.invalid('action must be LIKE or UNLIKE.');
		const liked = body.action === 'LIKE';
		if (comment.liked !== liked) comment.likes += liked ? 1 : -1;
		comment.liked = liked;
		return this.answer(0, 'Ok', {});
	}
}
