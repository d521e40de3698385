/**
 * Content Posting part of the fake: creator info, video and photo inits (direct post and inbox
 * draft), the chunked upload server (served by a real loopback HTTP server, as TikTok's
 * `upload_url` points at its own upload host), status fetch with bare int64 post IDs, cancel.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import { jsonBody } from './routes.mts';
import type { FakeResponse, FakeTikTok, RecordedRequest } from './tiktok.mts';

export type PublishStatus =
	| 'PROCESSING_UPLOAD'
	| 'PROCESSING_DOWNLOAD'
	| 'SEND_TO_USER_INBOX'
	| 'PUBLISH_COMPLETE'
	| 'FAILED';

export interface CreatorSettings {
	creator_avatar_url: string;
	creator_username: string;
	creator_nickname: string;
	privacy_level_options: string[];
	comment_disabled: boolean;
	duet_disabled: boolean;
	stitch_disabled: boolean;
	max_video_post_duration_sec: number;
}

/** How a publish ends: after `pollsUntilDone` status fetches (once its media is in) it reaches `final`. */
export interface PublishOutcome {
	final: PublishStatus;
	pollsUntilDone: number;
	failReason?: string;
	/** Post IDs as TikTok sends them: bare int64 numbers in the JSON. */
	postIds?: string[];
}

export interface FakePublish {
	publishId: string;
	openId: string;
	kind: 'video' | 'photo';
	mode: 'DIRECT_POST' | 'INBOX';
	source: 'FILE_UPLOAD' | 'PULL_FROM_URL';
	initBody: unknown;
	videoSize?: number;
	chunkSize?: number;
	totalChunkCount?: number;
	uploadToken?: string;
	uploadExpiresAt?: number;
	receivedBytes: number;
	chunksReceived: number;
	contentTypes: Set<string>;
	sha256: ReturnType<typeof createHash>;
	digest?: string;
	complete: boolean;
	polls: number;
	outcome: PublishOutcome;
	cancelled: boolean;
}

const PUBLIC_PRIVACY = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'];
// TikTok does not say whether "MB" is 10^6 or 2^20 bytes; the fake enforces the stricter reading
// of every bound, so whatever it accepts TikTok accepts under either reading.
const MIN_CHUNK = 5 * 1024 * 1024;
const MAX_CHUNK = 64_000_000;
const MAX_LAST_CHUNK = 128_000_000;

export class PostingDesk {
	creator: CreatorSettings;

	/** An error code creator_info answers with HTTP 200 (spam and cap errors), if any. */
	creatorInfoError?: string;

	/** URL prefixes verified under the app's URL properties (PULL_FROM_URL). */
	verifiedUrlPrefixes = ['https://media.example.test/verified/'];

	/** Unaudited apps may only post SELF_ONLY to private accounts. */
	audited = true;

	accountIsPrivate = false;

	/** How long an upload URL works (TikTok: one hour). */
	uploadUrlLifetimeMs = 3600_000;

	/** What the next publish will do (consumed by the init that creates it). */
	nextOutcome: PublishOutcome | undefined;

	defaultOutcome: PublishOutcome = {
		final: 'PUBLISH_COMPLETE',
		pollsUntilDone: 1,
		postIds: ['7300000000000000001'],
	};

	readonly publishes = new Map<string, FakePublish>();

	/**
	 * Answers for chunk PUTs instead of the real ones (a drop, a 500, …), in order. A fault with
	 * `onChunk` waits for the PUT of that chunk index (0-based); others take the next PUT. A fault
	 * with `answerLost` lets TikTok handle the chunk, then drops the connection before the answer.
	 */
	readonly uploadFaults: Array<FakeResponse & { onChunk?: number }> = [];

	/**
	 * Awaited once a chunk PUT has arrived in full, before it is handled and answered (0-based
	 * chunk index): holds a chunk "in flight", as a slow upload host would.
	 */
	holdUpload?: (chunkIndex: number) => Promise<void>;

	/**
	 * Called as a chunk PUT's body arrives, before it is complete (its headers, bytes so far): lets a
	 * test act on an event (n8n is sending this chunk) rather than after a guessed delay.
	 */
	uploadBytesArriving?: (headers: IncomingHttpHeaders, bytesSoFar: number) => void;

	private readonly initTimes = new Map<string, number[]>();

	constructor(readonly fake: FakeTikTok) {
		const user = fake.defaultUser;
		this.creator = {
			creator_avatar_url: user.avatar_url,
			creator_username: user.username,
			creator_nickname: user.display_name,
			privacy_level_options: [...PUBLIC_PRIVACY],
			comment_disabled: false,
			duet_disabled: false,
			stitch_disabled: false,
			max_video_post_duration_sec: 600,
		};
	}

	get inits(): RecordedRequest[] {
		return this.fake.requests.filter((r) => r.path.endsWith('/init/'));
	}

	/**
	 * The publishes that become posts (or inbox drafts): TikTok has all their media (a URL it
	 * pulls, or every chunk of a FILE_UPLOAD) and nothing stopped them. A FILE_UPLOAD whose chunks
	 * never all arrived stays in PROCESSING_UPLOAD (see statusFetch) and never becomes a post.
	 */
	get posts(): FakePublish[] {
		return [...this.publishes.values()].filter(
			(p) => p.complete && !p.cancelled && p.outcome.final !== 'FAILED',
		);
	}

	private bad(message: string, code = 'invalid_param'): FakeResponse {
		return this.fake.envelope(400, code, message);
	}

	creatorInfo(req: RecordedRequest): FakeResponse {
		const auth = this.fake.authenticate(req, 'video.publish');
		if ('status' in auth) return auth;
		// Documented: spam and cap errors come with HTTP 200 on this endpoint.
		if (this.creatorInfoError)
			return this.fake.envelope(200, this.creatorInfoError, 'Posting is not possible right now.');
		return this.fake.envelope(200, 'ok', '', this.creator);
	}

	private rateLimit(req: RecordedRequest): FakeResponse | undefined {
		const token = req.headers.authorization ?? '';
		const now = this.fake.now();
		const recent = (this.initTimes.get(token) ?? []).filter((t) => now - t < 60_000);
		if (recent.length >= 6) return this.fake.rateLimited();
		recent.push(now);
		this.initTimes.set(token, recent);
		return undefined;
	}

	private newOutcome(): PublishOutcome {
		const outcome = this.nextOutcome ?? this.defaultOutcome;
		this.nextOutcome = undefined;
		return outcome;
	}

	private checkPostInfo(info: unknown, kind: 'video' | 'photo'): FakeResponse | undefined {
		if (!info || typeof info !== 'object') return this.bad('post_info is required.');
		const p = info as Record<string, unknown>;
		const allowed =
			kind === 'video'
				? [
						'title',
						'privacy_level',
						'disable_duet',
						'disable_comment',
						'disable_stitch',
						'video_cover_timestamp_ms',
						'brand_content_toggle',
						'brand_organic_toggle',
						'is_aigc',
					]
				: [
						'title',
						'description',
						'privacy_level',
						'disable_comment',
						'auto_add_music',
						'brand_content_toggle',
						'brand_organic_toggle',
					];
		const unknown = Object.keys(p).filter((k) => !allowed.includes(k));
		if (unknown.length) return this.bad(`Unknown post_info field(s): ${unknown.join(', ')}.`);
		if (typeof p.privacy_level !== 'string')
			return this.bad('post_info.privacy_level is required.');
		if (!this.creator.privacy_level_options.includes(p.privacy_level)) {
			return this.fake.envelope(
				403,
				'privacy_level_option_mismatch',
				'The privacy level is not among the options of creator_info.',
			);
		}
		if (!this.audited && (p.privacy_level !== 'SELF_ONLY' || !this.accountIsPrivate)) {
			return this.fake.envelope(
				403,
				'unaudited_client_can_only_post_to_private_accounts',
				'Unaudited clients can only post to a private account.',
			);
		}
		if (typeof p.brand_content_toggle !== 'boolean')
			return this.bad('post_info.brand_content_toggle is required.');
		if (kind === 'photo' && typeof p.brand_organic_toggle !== 'boolean')
			return this.bad('post_info.brand_organic_toggle is required.');
		for (const key of [
			'disable_duet',
			'disable_comment',
			'disable_stitch',
			'brand_organic_toggle',
			'is_aigc',
			'auto_add_music',
		]) {
			if (key in p && typeof p[key] !== 'boolean')
				return this.bad(`post_info.${key} must be a boolean.`);
		}
		if (p.brand_content_toggle === true && p.privacy_level === 'SELF_ONLY') {
			return this.bad('Branded content visibility cannot be set to private.');
		}
		for (const key of ['title', 'description']) {
			if (key in p && typeof p[key] !== 'string')
				return this.bad(`post_info.${key} must be a string.`);
		}
		const titleLimit = kind === 'video' ? 2200 : 90;
		if (typeof p.title === 'string' && p.title.length > titleLimit)
			return this.bad(`post_info.title is longer than ${titleLimit}.`);
		if (typeof p.description === 'string' && p.description.length > 4000)
			return this.bad('post_info.description is longer than 4000.');
		if ('video_cover_timestamp_ms' in p && !Number.isInteger(p.video_cover_timestamp_ms)) {
			return this.bad('post_info.video_cover_timestamp_ms must be an integer.');
		}
		if (this.creator.comment_disabled && p.disable_comment === false)
			return this.bad('Comments are disabled for this creator.');
		return undefined;
	}

	private checkPullUrl(url: unknown): FakeResponse | undefined {
		if (typeof url !== 'string' || !url.startsWith('https://'))
			return this.bad('The media URL must be https.');
		if (!this.verifiedUrlPrefixes.some((prefix) => url.startsWith(prefix))) {
			return this.fake.envelope(
				403,
				'url_ownership_unverified',
				'Please verify the ownership of the domain or URL prefix.',
			);
		}
		return undefined;
	}

	videoInit(req: RecordedRequest, mode: 'DIRECT_POST' | 'INBOX'): FakeResponse {
		const auth = this.fake.authenticate(req, mode === 'INBOX' ? 'video.upload' : 'video.publish');
		if ('status' in auth) return auth;
		const body = jsonBody(req);
		const limited = this.rateLimit(req);
		if (limited) return limited;
		if (mode === 'DIRECT_POST') {
			const problem = this.checkPostInfo(body.post_info, 'video');
			if (problem) return problem;
		}
		const source = body.source_info as Record<string, unknown> | undefined;
		if (!source || typeof source !== 'object') return this.bad('source_info is required.');
		const publishId = `${mode === 'INBOX' ? 'v_inbox' : 'v_pub'}_${source.source === 'PULL_FROM_URL' ? 'url' : 'file'}~v2-1.${randomBytes(8).toString('hex')}`;
		const publish: FakePublish = {
			publishId,
			openId: auth.openId,
			kind: 'video',
			mode,
			source: source.source === 'PULL_FROM_URL' ? 'PULL_FROM_URL' : 'FILE_UPLOAD',
			initBody: body,
			receivedBytes: 0,
			chunksReceived: 0,
			contentTypes: new Set(),
			sha256: createHash('sha256'),
			complete: false,
			polls: 0,
			outcome: { final: 'PUBLISH_COMPLETE', pollsUntilDone: 1 },
			cancelled: false,
		};
		if (source.source === 'PULL_FROM_URL') {
			const keys = Object.keys(source).filter((k) => !['source', 'video_url'].includes(k));
			if (keys.length) return this.bad(`Unexpected source_info field(s): ${keys.join(', ')}.`);
			const problem = this.checkPullUrl(source.video_url);
			if (problem) return problem;
			publish.complete = true; // TikTok downloads it itself.
			publish.outcome = this.newOutcome();
			this.publishes.set(publishId, publish);
			return this.fake.envelope(200, 'ok', '', { publish_id: publishId });
		}
		if (source.source !== 'FILE_UPLOAD')
			return this.bad('source_info.source must be FILE_UPLOAD or PULL_FROM_URL.');
		const keys = Object.keys(source).filter(
			(k) => !['source', 'video_size', 'chunk_size', 'total_chunk_count'].includes(k),
		);
		if (keys.length) return this.bad(`Unexpected source_info field(s): ${keys.join(', ')}.`);
		const {
			video_size: size,
			chunk_size: chunk,
			total_chunk_count: count,
		} = source as Record<string, number>;
		if (![size, chunk, count].every((n) => Number.isSafeInteger(n) && n > 0)) {
			return this.bad('video_size, chunk_size and total_chunk_count must be positive integers.');
		}
		if (size > 4_000_000_000)
			return this.fake.envelope(400, 'invalid_file_upload', 'The video is larger than 4 GB.');
		if (count !== Math.floor(size / chunk))
			return this.bad('total_chunk_count must be floor(video_size / chunk_size).');
		if (count > 1000) return this.bad('The chunk count is invalid.');
		if (count === 1 ? chunk !== size || size > MAX_CHUNK : chunk < MIN_CHUNK || chunk > MAX_CHUNK) {
			return this.bad('The chunk size is invalid.');
		}
		if (count > 1 && size - (count - 1) * chunk > MAX_LAST_CHUNK)
			return this.bad('The chunk size is invalid.');
		if (size < MIN_CHUNK && count !== 1)
			return this.bad('Videos under 5 MB must be uploaded in one chunk.');
		publish.videoSize = size;
		publish.chunkSize = chunk;
		publish.totalChunkCount = count;
		publish.uploadToken = randomBytes(12).toString('hex');
		publish.uploadExpiresAt = this.fake.now() + this.uploadUrlLifetimeMs;
		publish.outcome = this.newOutcome();
		this.publishes.set(publishId, publish);
		const uploadUrl = new URL(
			`upload/?upload_id=${encodeURIComponent(publishId)}&upload_token=${publish.uploadToken}`,
			this.fake.uploadBaseUrl,
		);
		return this.fake.envelope(200, 'ok', '', {
			publish_id: publishId,
			upload_url: uploadUrl.toString(),
		});
	}

	photoInit(req: RecordedRequest): FakeResponse {
		const body = jsonBody(req);
		const mode = body.post_mode;
		if (mode !== 'DIRECT_POST' && mode !== 'MEDIA_UPLOAD')
			return this.bad('post_mode must be DIRECT_POST or MEDIA_UPLOAD.');
		const auth = this.fake.authenticate(
			req,
			mode === 'DIRECT_POST' ? 'video.publish' : 'video.upload',
		);
		if ('status' in auth) return auth;
		const limited = this.rateLimit(req);
		if (limited) return limited;
		if (body.media_type !== 'PHOTO') return this.bad('media_type must be PHOTO.');
		const info = body.post_info as Record<string, unknown> | undefined;
		if (mode === 'DIRECT_POST') {
			const problem = this.checkPostInfo(info, 'photo');
			if (problem) return problem;
		} else if (info) {
			const unknown = Object.keys(info).filter((k) => !['title', 'description'].includes(k));
			if (unknown.length)
				return this.bad(`post_info field(s) not allowed for MEDIA_UPLOAD: ${unknown.join(', ')}.`);
		}
		const source = body.source_info as Record<string, unknown> | undefined;
		if (!source || source.source !== 'PULL_FROM_URL')
			return this.bad('Photos support source PULL_FROM_URL only.');
		const images = source.photo_images;
		if (!Array.isArray(images) || images.length < 1 || images.length > 35)
			return this.bad('photo_images must hold 1 to 35 URLs.');
		for (const url of images) {
			const problem = this.checkPullUrl(url);
			if (problem) return problem;
		}
		const cover = source.photo_cover_index;
		if (!Number.isInteger(cover) || (cover as number) < 0 || (cover as number) >= images.length) {
			return this.bad('photo_cover_index is required and must point at one of photo_images.');
		}
		const publishId = `p_${mode === 'DIRECT_POST' ? 'pub' : 'inbox'}_url~v2.${randomBytes(8).toString('hex')}`;
		this.publishes.set(publishId, {
			publishId,
			openId: auth.openId,
			kind: 'photo',
			mode: mode === 'DIRECT_POST' ? 'DIRECT_POST' : 'INBOX',
			source: 'PULL_FROM_URL',
			initBody: body,
			receivedBytes: 0,
			chunksReceived: 0,
			contentTypes: new Set(),
			sha256: createHash('sha256'),
			complete: true,
			polls: 0,
			outcome: this.newOutcome(),
			cancelled: false,
		});
		return this.fake.envelope(200, 'ok', '', { publish_id: publishId });
	}

	private findOwned(req: RecordedRequest, auth: { openId: string }): FakePublish | FakeResponse {
		const id = jsonBody(req).publish_id;
		if (typeof id !== 'string' || !id) return this.bad('publish_id is required.');
		const publish = this.publishes.get(id);
		if (!publish)
			return this.fake.envelope(400, 'invalid_publish_id', 'The publish_id does not exist.');
		if (publish.openId !== auth.openId) {
			return this.fake.envelope(
				400,
				'token_not_authorized_for_specified_publish_id',
				'The token is not authorized for this publish_id.',
			);
		}
		return publish;
	}

	statusFetch(req: RecordedRequest): FakeResponse {
		let auth = this.fake.authenticate(req, 'video.publish');
		if ('status' in auth) {
			const upload = this.fake.authenticate(req, 'video.upload');
			if ('status' in upload) return auth;
			auth = upload;
		}
		const publish = this.findOwned(req, auth);
		if ('status' in publish) return publish;
		let status: PublishStatus;
		const data: Record<string, unknown> = {};
		if (publish.cancelled) {
			status = 'FAILED';
			data.fail_reason = 'publish_cancelled';
		} else if (!publish.complete) {
			status = 'PROCESSING_UPLOAD';
		} else if (publish.polls < publish.outcome.pollsUntilDone) {
			publish.polls++;
			status = publish.source === 'PULL_FROM_URL' ? 'PROCESSING_DOWNLOAD' : 'PROCESSING_UPLOAD';
		} else {
			status = publish.outcome.final;
			if (status === 'FAILED') data.fail_reason = publish.outcome.failReason ?? 'internal';
		}
		if (publish.source === 'FILE_UPLOAD') data.uploaded_bytes = publish.receivedBytes;
		else data.downloaded_bytes = 0;
		// Post IDs exist only for posts public to everyone (drafts: once the creator posts them).
		const privacy = (
			(publish.initBody as { post_info?: { privacy_level?: unknown } }).post_info ?? {}
		).privacy_level;
		const getsIds =
			status === 'PUBLISH_COMPLETE' &&
			(publish.mode === 'INBOX' || privacy === 'PUBLIC_TO_EVERYONE');
		const postIds = getsIds ? (publish.outcome.postIds ?? []) : [];
		// Bare int64 literals, as TikTok sends them: JSON.parse would round them.
		const head = JSON.stringify({ status, ...data }).slice(0, -1);
		const error = JSON.stringify({ code: 'ok', message: '', log_id: this.fake.nextLogId() });
		return {
			status: 200,
			headers: { 'content-type': 'application/json' },
			body: `{"data":${head},"publicaly_available_post_id":[${postIds.join(',')}]},"error":${error}}`,
		};
	}

	cancel(req: RecordedRequest): FakeResponse {
		const auth = this.fake.authenticate(req, 'video.publish');
		if ('status' in auth) return auth;
		const publish = this.findOwned(req, auth);
		if ('status' in publish) return publish;
		if (publish.source !== 'PULL_FROM_URL' || publish.polls >= publish.outcome.pollsUntilDone) {
			return this.fake.envelope(
				400,
				'publish_not_cancellable',
				'The publish can no longer be cancelled.',
			);
		}
		publish.cancelled = true;
		const error = { code: 'ok', message: '', log_id: this.fake.nextLogId() };
		return this.fake.json(200, { error });
	}

	/**
	 * The upload host: PUT {upload_url} with Content-Range, 206 until the last chunk, then 201.
	 * The route table has checked the method, headers and Content-Length (routes.mts, `chunk`).
	 */
	async upload(req: RecordedRequest, body: Buffer): Promise<FakeResponse> {
		const publish = () => this.publishes.get(req.query.upload_id ?? '');
		await this.holdUpload?.(publish()?.chunksReceived ?? 0);
		const chunkIndex = publish()?.chunksReceived ?? 0;
		const faultIndex = this.uploadFaults.findIndex(
			(f) => f.onChunk === undefined || f.onChunk === chunkIndex,
		);
		const fault = faultIndex >= 0 ? this.uploadFaults.splice(faultIndex, 1)[0] : undefined;
		if (fault && !fault.answerLost) return fault;
		const response = this.acceptChunk(req, body);
		return fault ? { ...response, answerLost: true } : response;
	}

	private acceptChunk(req: RecordedRequest, body: Buffer): FakeResponse {
		const publish = this.publishes.get(req.query.upload_id ?? '');
		if (!publish || publish.uploadToken !== req.query.upload_token)
			return { status: 404, body: 'No such upload' };
		if (this.fake.now() > (publish.uploadExpiresAt ?? 0))
			return { status: 403, body: 'The upload URL has expired' };
		const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers['content-range'] ?? '');
		if (!match) return { status: 400, body: 'Content-Range is required' };
		const [first, last, total] = match.slice(1).map(Number);
		const index = publish.chunksReceived;
		const count = publish.totalChunkCount ?? 1;
		const chunk = publish.chunkSize ?? 0;
		const expectedFirst = index * chunk;
		const expectedLast =
			(index === count - 1 ? (publish.videoSize ?? 0) : expectedFirst + chunk) - 1;
		if (
			total !== publish.videoSize ||
			first !== expectedFirst ||
			last !== expectedLast ||
			last - first + 1 !== body.length
		) {
			return {
				status: 416,
				headers: {
					'content-range': `bytes 0-${Math.max(0, publish.receivedBytes - 1)}/${publish.videoSize}`,
				},
				body: 'Range Not Satisfiable',
			};
		}
		publish.sha256.update(body);
		publish.contentTypes.add(req.headers['content-type'] ?? '');
		publish.receivedBytes += body.length;
		publish.chunksReceived++;
		if (publish.chunksReceived === count) {
			publish.complete = true;
			publish.digest = publish.sha256.digest('hex');
			return { status: 201, body: '' };
		}
		return { status: 206, headers: { range: `bytes=0-${publish.receivedBytes - 1}` }, body: '' };
	}
}
