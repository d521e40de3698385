import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { businessApiRequest } from '../business/api';
import { tikTokApiRequest } from '../developers/api';

/** video/list has no text search: with a filter, a few pages are scanned per call instead. */
const PAGES_SCANNED_PER_FILTERED_SEARCH = 5;
const PAGE_SIZE = 20;
const NAME_LENGTH = 60;

/**
 * "From List" for a video: the connected account's public videos, newest first, paged with
 * TikTok's cursor. The filter matches title, description or ID.
 */
export async function searchVideos(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await scanVideoList(
		async (cursor) =>
			await tikTokApiRequest.call(this, {
				method: 'POST',
				path: '/v2/video/list/',
				scope: 'video.list',
				qs: { fields: 'id,title,video_description,create_time,share_url' },
				body: cursor === undefined ? { max_count: PAGE_SIZE } : { cursor, max_count: PAGE_SIZE },
				idempotent: true,
			}),
		{ filter, paginationToken, matches, toItem: toListItem },
	);
}

/**
 * One call of a video search over a cursor list (`videos`, `cursor`, `has_more`): one page, or
 * with a filter up to PAGES_SCANNED_PER_FILTERED_SEARCH pages until a page's worth matched. The
 * pagination token is TikTok's cursor; a list that ends or repeats its cursor gives none.
 */
async function scanVideoList(
	fetchPage: (cursor: number | undefined) => Promise<IDataObject>,
	search: {
		filter?: string;
		paginationToken?: string;
		matches: (video: IDataObject, needle: string) => boolean;
		toItem: (video: IDataObject) => INodeListSearchItems;
	},
): Promise<INodeListSearchResult> {
	const needle = search.filter?.trim().toLowerCase() ?? '';
	let cursor = cursorFromToken(search.paginationToken);
	const results: INodeListSearchItems[] = [];
	const pagesToScan = needle ? PAGES_SCANNED_PER_FILTERED_SEARCH : 1;
	for (let page = 0; page < pagesToScan; page++) {
		const data = await fetchPage(cursor);
		for (const video of (data.videos as IDataObject[] | undefined) ?? []) {
			if (!needle || search.matches(video, needle)) results.push(search.toItem(video));
		}
		const next =
			data.has_more && data.cursor !== undefined && data.cursor !== null
				? cursorFromToken(data.cursor)
				: undefined;
		if (next === undefined || next === cursor) return { results };
		cursor = next;
		if (results.length >= PAGE_SIZE) break;
	}
	return { results, paginationToken: String(cursor) };
}

function cursorFromToken(token: unknown): number | undefined {
	if (token === undefined || token === null || token === '') return undefined;
	const cursor = Number(token);
	return Number.isSafeInteger(cursor) && cursor >= 0 ? cursor : undefined;
}

function matches(video: IDataObject, needle: string): boolean {
	return [video.title, video.video_description, video.id].some((value) =>
		String(value ?? '')
			.toLowerCase()
			.includes(needle),
	);
}

function toListItem(video: IDataObject): INodeListSearchItems {
	const id = String(video.id);
	const text = firstLine(video.title) || firstLine(video.video_description) || `Video ${id}`;
	const label = text.length > NAME_LENGTH ? `${text.slice(0, NAME_LENGTH - 1).trimEnd()}…` : text;
	const createTime = Number(video.create_time);
	const date =
		Number.isFinite(createTime) && createTime > 0
			? ` (${new Date(createTime * 1000).toISOString().slice(0, 10)})`
			: '';
	const item: INodeListSearchItems = { name: `${label}${date}`, value: id };
	if (typeof video.share_url === 'string' && video.share_url) item.url = video.share_url;
	return item;
}

function firstLine(value: unknown): string {
	return typeof value === 'string' ? (value.split('\n')[0] ?? '').trim() : '';
}

// ---------- Business videos (comment operations) ----------

const BUSINESS_VIDEO_LIST_FIELDS = JSON.stringify([
	'item_id',
	'caption',
	'create_time',
	'share_url',
]);

/**
 * "From List" for a video of the connected Business account (comment operations): its videos
 * from `business/video/list/` (scope video.list), newest first, paged with TikTok's cursor (a
 * time in ms). The filter matches the caption (case-insensitive) or the ID; the list has no text
 * search, so a filtered search scans a few pages per call.
 */
export async function searchBusinessVideos(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await scanVideoList(
		async (cursor) => {
			const qs: IDataObject = { fields: BUSINESS_VIDEO_LIST_FIELDS, max_count: PAGE_SIZE };
			if (cursor !== undefined) qs.cursor = cursor;
			const { data } = await businessApiRequest.call(this, {
				method: 'GET',
				path: 'business/video/list/',
				qs,
				itemIndex: 0,
				scope: 'video.list',
				idempotent: true,
				operation: 'searchVideos',
			});
			return data;
		},
		{ filter, paginationToken, matches: matchesBusinessVideo, toItem: toBusinessListItem },
	);
}

function matchesBusinessVideo(video: IDataObject, needle: string): boolean {
	return [video.caption, video.item_id].some((value) =>
		String(value ?? '')
			.toLowerCase()
			.includes(needle),
	);
}

function toBusinessListItem(video: IDataObject): INodeListSearchItems {
	return toListItem({
		id: video.item_id,
		title: video.caption,
		create_time: video.create_time,
		share_url: video.share_url,
	});
}
