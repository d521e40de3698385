/**
 * Display API part of the fake: the users' public videos, `POST /v2/video/list/` and
 * `POST /v2/video/query/` (scope video.list), as strict as TikTok:
 * - POST only, `fields` alone in the query, a JSON body with only the documented keys (the
 *   route table checks these shapes); `fields` required, known names only;
 * - list: `max_count` 1-20 (default 10), `cursor` an int64 UTC epoch in milliseconds; the answer
 *   has `videos`, `cursor` (the next one) and `has_more`; pages can be made short on purpose;
 * - query: `filters.video_ids`, 1-20 string IDs; only the caller's own videos come back, unknown
 *   IDs are dropped, and the order is never the request's.
 */
import { jsonBody } from './routes.mts';
import type { FakeResponse, FakeTikTok, RecordedRequest } from './tiktok.mts';

export interface FakeVideo {
	/** int64 as a decimal string, as TikTok documents it. */
	id: string;
	create_time: number;
	cover_image_url: string;
	share_url: string;
	video_description: string;
	duration: number;
	height: number;
	width: number;
	title: string;
	embed_html: string;
	embed_link: string;
	/** int64 counters: a bigint is emitted as a bare JSON integer with all its digits. */
	like_count: number | bigint;
	comment_count: number | bigint;
	share_count: number | bigint;
	view_count: number | bigint;
	is_aigc: boolean;
}

const OLDER_FIELDS = [
	'id',
	'create_time',
	'cover_image_url',
	'share_url',
	'video_description',
	'duration',
	'height',
	'width',
	'title',
	'embed_html',
	'embed_link',
	'like_count',
	'comment_count',
	'share_count',
	'view_count',
];

const MAX_PER_REQUEST = 20;
const DEFAULT_MAX_COUNT = 10;
/** The newest seeded video: 2024-11-19T07:06:40Z. */
const NEWEST_CREATE_TIME = 1_732_000_000;

const CAPTIONS = [
	'Morning routine in 30 seconds #morning #routine',
	'Trying the viral pasta recipe 🍝 #foodtok',
	"Behind the scenes of today's shoot",
	'POV: the build finally passes #coding',
	'3 tips for better phone videos #tutorial',
	'Sunset timelapse from the rooftop 🌇',
];

export class VideoLibrary {
	/** Videos per open_id, newest first. */
	private readonly videosByUser = new Map<string, FakeVideo[]>();

	/**
	 * Sizes of the next video/list pages, consumed one per call: each page holds
	 * min(max_count, size) videos while `has_more` stays truthful. Proves callers follow
	 * `has_more` rather than the page size.
	 */
	pageSizes: number[] = [];

	/**
	 * A list that loops, as TikTok's has been seen to: a page asked with cursor `whenAskedWith`
	 * answers `answer` as the next cursor (with `has_more`), e.g. A, B, A, B, ... Applied at most
	 * `times` times, so code that follows it forever still ends (and its test fails, not hangs).
	 */
	cursorGoesBack?: { whenAskedWith: number; answer: number; times: number };

	/** Whether this TikTok knows `is_aigc` (newer docs only); if not, asking for it is invalid_params. */
	knowsIsAigc = true;

	private nextSequence = 0;

	constructor(readonly fake: FakeTikTok) {}

	get knownFields(): string[] {
		return this.knowsIsAigc ? [...OLDER_FIELDS, 'is_aigc'] : OLDER_FIELDS;
	}

	/** The user's videos, newest first (the live array: tests may edit videos in place). */
	videos(openId = this.fake.defaultUser.open_id): FakeVideo[] {
		let videos = this.videosByUser.get(openId);
		if (!videos) {
			videos = [];
			this.videosByUser.set(openId, videos);
		}
		return videos;
	}

	/**
	 * Adds `count` videos older than the user's existing ones, newest first, with realistic
	 * 19-digit IDs (larger for newer, as TikTok's time-based IDs are) and distinct create times.
	 */
	seed(count: number, openId = this.fake.defaultUser.open_id): FakeVideo[] {
		const videos = this.videos(openId);
		const user = this.fake.users.get(openId);
		const handle = user?.username ?? 'creator';
		const added: FakeVideo[] = [];
		for (let i = 0; i < count; i++) {
			const sequence = this.nextSequence++;
			const id = (7_438_000_000_000_000_000n - BigInt(sequence) * 7_919_113_777n).toString();
			const createTime = NEWEST_CREATE_TIME - sequence * 86_400 - (sequence % 7) * 613;
			const caption = CAPTIONS[sequence % CAPTIONS.length];
			const shareUrl = `https://www.tiktok.com/@${handle}/video/${id}?utm_campaign=tt4d_open_api&utm_source=${this.fake.clientKey}`;
			const video: FakeVideo = {
				id,
				create_time: createTime,
				cover_image_url: `https://p16-sign.tiktokcdn-us.com/obj/tos-useast5-p-0068-tx/${id.slice(-12)}?x-expires=${createTime + 21_600}&x-signature=fake`,
				share_url: shareUrl,
				video_description: caption,
				duration: 7 + ((sequence * 13) % 170),
				height: 1920,
				width: 1080,
				// Titles are mostly empty for videos (photo posts carry them).
				title: sequence % 3 === 0 ? `Episode ${sequence + 1}` : '',
				embed_html: `<blockquote class="tiktok-embed" cite="${shareUrl}" data-video-id="${id}" style="max-width: 605px;min-width: 325px;"><section></section></blockquote><script async src="https://www.tiktok.com/embed.js"></script>`,
				embed_link: `https://www.tiktok.com/player/v1/${id}`,
				like_count: 100 + sequence * 17,
				comment_count: sequence * 3,
				share_count: sequence,
				view_count: 2_000 + sequence * 311,
				is_aigc: false,
			};
			videos.push(video);
			added.push(video);
		}
		return added;
	}

	list(req: RecordedRequest): FakeResponse {
		const checked = this.check(req);
		if ('status' in checked) return checked;
		const { openId, fields, body } = checked;
		const maxCount = body.max_count ?? DEFAULT_MAX_COUNT;
		if (
			typeof maxCount !== 'number' ||
			!Number.isInteger(maxCount) ||
			maxCount < 1 ||
			maxCount > MAX_PER_REQUEST
		) {
			return this.invalid(`max_count must be an integer between 1 and ${MAX_PER_REQUEST}.`);
		}
		const cursor = body.cursor;
		if (
			cursor !== undefined &&
			(typeof cursor !== 'number' || !Number.isSafeInteger(cursor) || cursor < 0)
		) {
			return this.invalid('cursor must be a UTC Unix epoch in milliseconds (int64).');
		}
		const older = this.videos(openId).filter(
			(video) => cursor === undefined || video.create_time * 1000 < cursor,
		);
		const size = Math.min(maxCount, this.pageSizes.shift() ?? maxCount);
		const page = older.slice(0, size);
		const nextCursor = page.length ? page[page.length - 1].create_time * 1000 : (cursor ?? 0);
		const back = this.cursorGoesBack;
		if (back && back.times > 0 && cursor === back.whenAskedWith) {
			back.times--;
			return this.answer({
				videos: page.map((video) => pick(video, fields)),
				cursor: back.answer,
				has_more: true,
			});
		}
		return this.answer({
			videos: page.map((video) => pick(video, fields)),
			cursor: nextCursor,
			has_more: older.length > page.length,
		});
	}

	query(req: RecordedRequest): FakeResponse {
		const checked = this.check(req);
		if ('status' in checked) return checked;
		const { openId, fields, body } = checked;
		const filters = body.filters as { video_ids?: unknown } | undefined;
		if (!filters || typeof filters !== 'object' || Array.isArray(filters))
			return this.invalid('filters is required.');
		const extra = Object.keys(filters).filter((key) => key !== 'video_ids');
		if (extra.length) return this.invalid(`Unknown filter: ${extra.join(',')}`);
		const ids = filters.video_ids;
		if (!Array.isArray(ids) || ids.length < 1 || ids.length > MAX_PER_REQUEST) {
			return this.invalid(`filters.video_ids must hold 1 to ${MAX_PER_REQUEST} video IDs.`);
		}
		if (ids.some((id) => typeof id !== 'string' || !/^\d{1,19}$/.test(id))) {
			return this.invalid('filters.video_ids must be video IDs as strings.');
		}
		const wanted = new Set(ids as string[]);
		// The library's own order (newest first), never the request's.
		let found = this.videos(openId).filter((video) => wanted.has(video.id));
		const requestOrder = (ids as string[]).filter((id) => found.some((video) => video.id === id));
		if (found.length > 1 && found.every((video, i) => video.id === requestOrder[i]))
			found = [...found].reverse();
		return this.answer({
			videos: found.map((video) => pick(video, fields)),
			cursor: 0,
			has_more: false,
		});
	}

	/** What both endpoints check once the route table has checked the shape: token and scope, the fields asked. */
	private check(
		req: RecordedRequest,
	): { openId: string; fields: string[]; body: Record<string, unknown> } | FakeResponse {
		const auth = this.fake.authenticate(req, 'video.list');
		if ('status' in auth) return auth;
		const fields = (req.query.fields ?? '').split(',').filter(Boolean);
		if (!fields.length) return this.invalid('fields is required.');
		const unknown = fields.filter((field) => !this.knownFields.includes(field));
		if (unknown.length) return this.invalid(`Invalid fields: ${unknown.join(',')}`);
		return { openId: auth.openId, fields, body: jsonBody(req) };
	}

	private invalid(message: string): FakeResponse {
		return this.fake.envelope(400, 'invalid_params', message);
	}

	/** The ok envelope, written so bigint counters reach the wire as bare int64 literals. */
	private answer(data: unknown): FakeResponse {
		const error = { code: 'ok', message: '', log_id: this.fake.nextLogId() };
		return {
			status: 200,
			headers: { 'content-type': 'application/json' },
			body: stringifyWithInt64({ data, error }),
		};
	}
}

function pick(video: FakeVideo, fields: string[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const field of fields) out[field] = video[field as keyof FakeVideo];
	return out;
}

const INT64_MARK = '\u0000int64:';

/** JSON.stringify, with bigints written as bare integer literals (JSON.stringify throws on them). */
export function stringifyWithInt64(value: unknown): string {
	const text = JSON.stringify(value, (_key, item: unknown) =>
		typeof item === 'bigint' ? `${INT64_MARK}${item}` : item,
	);
	return text.replace(/"\\u0000int64:(-?\d+)"/g, '$1');
}
