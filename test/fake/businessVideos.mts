/**
 * The account's videos as the TikTok API for Business serves them (`GET business/video/list/`),
 * with per-video metrics. Shapes from bububa/tiktok-business `model/business/video/list.go` and
 * sns-sdks/python-tiktok (docs/business-api.md, "Videos with metrics").
 *
 * Strict: `fields` and `filters` must be JSON (an array of known field names; an object with only
 * `video_ids` (strings) and `ad_post_only`), `item_id` is required once more than one field is
 * asked, `max_count` is 1–20, `cursor` a time in ms; metrics need `video.insights` (40130, seen
 * live), the rest `video.list`. Videos are listed newest first, before the cursor.
 */
import type { FakeBusinessApi } from './business.mts';
import type { FakeResponse, RecordedRequest } from './tiktok.mts';

export interface FakeBusinessVideo {
	item_id: string;
	/** Unix seconds. Sent as text, as TikTok's answers do. */
	create_time: number;
	caption: string;
	/** Metric and detail fields (video_views, likes, …); everything but item_id, create_time, caption. */
	stats: Record<string, unknown>;
}

/** Fields that need only `video.list`. */
export const VIDEO_LIST_FIELDS = [
	'item_id',
	'create_time',
	'thumbnail_url',
	'share_url',
	'embed_url',
	'caption',
	'video_duration',
] as const;

/** Fields that need `video.insights` too. */
export const VIDEO_INSIGHT_FIELDS = [
	'likes',
	'comments',
	'shares',
	'favorites',
	'reach',
	'video_views',
	'total_time_watched',
	'average_time_watched',
	'full_video_watched_rate',
	'new_followers',
	'profile_views',
	'website_clicks',
	'phone_number_clicks',
	'lead_submissions',
	'app_download_clicks',
	'email_clicks',
	'address_clicks',
	'video_view_retention',
	'impression_sources',
	'audience_genders',
	'audience_countries',
	'audience_cities',
	'audience_types',
	'engagement_likes',
] as const;

const KNOWN_FIELDS: readonly string[] = [...VIDEO_LIST_FIELDS, ...VIDEO_INSIGHT_FIELDS];
const MAX_COUNT = 20;
const DEFAULT_MAX_COUNT = 10;
/** The newest seeded video's create_time; each further one is an hour older. */
const NEWEST_VIDEO_TIME = 1_732_000_000;

/** Plausible metrics for the n-th seeded video (deterministic, so tests can assert them). */
export function seededStats(itemId: string, n: number): Record<string, unknown> {
	return {
		thumbnail_url: `https://p16-sign.tiktokcdn-us.com/obj/thumb-${itemId}.jpeg?x-expires=1732100000`,
		share_url: `https://www.tiktok.com/@demo.brand/video/${itemId}`,
		embed_url: `https://www.tiktok.com/embed/v2/${itemId}`,
		video_duration: 12.5 + n,
		likes: 100 + n * 3,
		comments: 10 + n,
		shares: 5 + (n % 4),
		favorites: 7 + (n % 5),
		reach: 900 + n * 11,
		video_views: 1000 + n * 17,
		total_time_watched: 8000 + n * 40,
		average_time_watched: 8.25,
		full_video_watched_rate: 0.375,
		new_followers: n % 3,
		profile_views: 20 + n,
		website_clicks: 0,
		phone_number_clicks: 0,
		lead_submissions: 0,
		app_download_clicks: 0,
		email_clicks: 0,
		address_clicks: 0,
		video_view_retention: [
			{ second: '0', percentage: 1 },
			{ second: '1', percentage: 0.62 },
		],
		impression_sources: [
			{ impression_source: 'For You', percentage: 0.8 },
			{ impression_source: 'Follow', percentage: 0.2 },
		],
		audience_genders: [
			{ gender: 'Female', percentage: 0.6 },
			{ gender: 'Male', percentage: 0.4 },
		],
		audience_countries: [
			{ country: 'US', percentage: 0.7 },
			{ country: 'GB', percentage: 0.3 },
		],
		audience_cities: [{ city_name: 'New York', percentage: 0.2 }],
		audience_types: [{ type: 'New viewers', percentage: 0.9 }],
		engagement_likes: [{ second: '3', percentage: 0.1 }],
	};
}

export function newFakeBusinessVideo(
	itemId: string,
	n: number,
	input: { caption?: string; createTime?: number } = {},
): FakeBusinessVideo {
	return {
		item_id: itemId,
		create_time: input.createTime ?? NEWEST_VIDEO_TIME - n * 3600,
		caption: input.caption ?? `Video ${n + 1} #brand`,
		stats: seededStats(itemId, n),
	};
}

/** A JSON query value, or undefined if it is not JSON. */
function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** A `fields` query value: a JSON array of names among `known`, or TikTok's refusal (also for business/get/). */
export function readFieldList(
	api: FakeBusinessApi,
	text: string,
	known: readonly string[],
): string[] | FakeResponse {
	const fields = parseJson(text);
	if (!Array.isArray(fields) || fields.some((field) => typeof field !== 'string'))
		return api.invalid('fields: Not a valid list. fields must be a JSON array of strings.');
	const unknown = fields.filter((field: string) => !known.includes(field));
	if (unknown.length) return api.invalid(`fields: Invalid field(s): ${unknown.join(', ')}.`);
	return fields as string[];
}

/** `fields` as asked, or TikTok's refusal. */
function readFields(api: FakeBusinessApi, text: string | undefined): string[] | FakeResponse {
	if (text === undefined) return ['item_id'];
	const fields = readFieldList(api, text, KNOWN_FIELDS);
	if (!Array.isArray(fields)) return fields;
	if (fields.length > 1 && !fields.includes('item_id'))
		return api.invalid('fields: item_id is required when more than one field is requested.');
	return fields as string[];
}

function readFilters(
	api: FakeBusinessApi,
	text: string | undefined,
): { videoIds?: string[] } | FakeResponse {
	if (text === undefined) return {};
	const filters = parseJson(text);
	if (filters === null || typeof filters !== 'object' || Array.isArray(filters))
		return api.invalid('filters: Not a valid JSON object.');
	const {
		video_ids: videoIds,
		ad_post_only: adPostOnly,
		...rest
	} = filters as Record<string, unknown>;
	if (Object.keys(rest).length)
		return api.invalid(`filters: Unknown field(s): ${Object.keys(rest).join(', ')}.`);
	if (adPostOnly !== undefined && typeof adPostOnly !== 'boolean')
		return api.invalid('filters.ad_post_only: Not a valid boolean.');
	if (videoIds === undefined) return {};
	if (
		!Array.isArray(videoIds) ||
		videoIds.some((id) => typeof id !== 'string' || !/^\d{1,19}$/.test(id))
	)
		return api.invalid('filters.video_ids: Not a valid list of video ID strings.');
	return { videoIds: videoIds as string[] };
}

/** `GET business/video/list/`. */
export function listBusinessVideos(api: FakeBusinessApi, req: RecordedRequest): FakeResponse {
	const q = req.query;
	const fields = readFields(api, q.fields);
	if (!Array.isArray(fields)) return fields;
	const auth = api.authorizeCall(req, 'video.list', q.business_id);
	if ('status' in auth) return auth;
	const insightFields = fields.filter((field) =>
		(VIDEO_INSIGHT_FIELDS as readonly string[]).includes(field),
	);
	if (insightFields.length && !api.tokenHasScope(req, 'video.insights'))
		return api.fieldScopeMissing(insightFields, 'video.insights');
	const filters = readFilters(api, q.filters);
	if ('status' in filters) return filters;
	const maxCount = q.max_count === undefined ? DEFAULT_MAX_COUNT : Number(q.max_count);
	if (!/^\d+$/.test(q.max_count ?? '10') || maxCount < 1 || maxCount > MAX_COUNT)
		return api.invalid(`max_count: Must be between 1 and ${MAX_COUNT}.`);
	if (q.cursor !== undefined && !/^\d{1,16}$/.test(q.cursor))
		return api.invalid('cursor: Not a valid integer.');
	const cursor = q.cursor === undefined ? api.fake.now() : Number(q.cursor);

	const owned = [...api.videoDetails.values()]
		.filter((video) => api.videos.get(video.item_id) === auth.openId)
		.filter((video) => !filters.videoIds || filters.videoIds.includes(video.item_id))
		.filter((video) => video.create_time * 1000 < cursor)
		.sort((a, b) => b.create_time - a.create_time);
	const size = Math.min(maxCount, api.pageSizes.shift() ?? maxCount);
	const page = owned.slice(0, size);
	const hasMore = owned.length > page.length;
	const last = page[page.length - 1];
	return api.ok({
		videos: page.map((video) => pickVideo(video, fields)),
		cursor: last ? last.create_time * 1000 : cursor,
		has_more: hasMore,
	});
}

function pickVideo(video: FakeBusinessVideo, fields: string[]): Record<string, unknown> {
	const all: Record<string, unknown> = {
		...video.stats,
		item_id: video.item_id,
		create_time: String(video.create_time),
		caption: video.caption,
	};
	return Object.fromEntries(fields.map((field) => [field, all[field]]));
}
