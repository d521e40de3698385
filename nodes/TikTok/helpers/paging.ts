import type { IDataObject } from 'n8n-workflow';

/** One request for a page: where to continue, and how many items to ask for. */
export interface PageRequest {
	/** Undefined on the first page, unless the caller starts from a cursor of its own. */
	cursor: unknown;
	pageSize: number;
}

export interface CursorListOptions {
	/** Where the page's items are in the answer (`videos`, `comments`). */
	listKey: string;
	/** Most items wanted; undefined for all of them. */
	limit?: number;
	/** The most items one page may be asked for. */
	maxPageSize: number;
	startCursor?: unknown;
	/** An item whose key an earlier page already gave is skipped (TikTok may repeat items). */
	uniqueKey?: string;
	/** Stops quietly after this many pages (a bounded scan); without it, PAGE_CAP pages is an error. */
	maxPages?: number;
	/** Stops early once the items so far are enough; checked after each page. */
	enough?: (items: IDataObject[]) => boolean;
}

/**
 * Most pages one list may take when the caller sets no bound: 200,000 videos at 20 a page. A
 * list still saying `has_more` after that is not ending (a cursor that moves without progress).
 */
export const PAGE_CAP = 10_000;

/** A list that would never end; `description` says what happened and what to do. */
export class CursorListError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'CursorListError';
	}
}

/**
 * Follows a TikTok cursor list (`has_more` + `cursor`), asking each page for no more than the
 * limit still needs. TikTok may answer short pages while `has_more` is true, so the loop follows
 * `has_more`, never the page size. Every cursor sent is remembered: a cursor that comes back
 * (A, B, A, ... or the same one again) would fetch the same pages forever, so it is an error, as
 * is a list past PAGE_CAP pages.
 */
export async function collectCursorList(
	fetchPage: (page: PageRequest) => Promise<IDataObject>,
	options: CursorListOptions,
): Promise<IDataObject[]> {
	const { listKey, limit, maxPageSize, uniqueKey, maxPages, enough } = options;
	const items: IDataObject[] = [];
	const seen = new Set<string>();
	const cursorsSent = new Set<string>();
	let cursor = options.startCursor;
	for (let page = 0; ; page++) {
		if (maxPages !== undefined && page >= maxPages) return items;
		if (page >= PAGE_CAP) {
			throw new CursorListError(
				`TikTok's list did not end after ${PAGE_CAP.toLocaleString('en-US')} pages (${items.length.toLocaleString('en-US')} items)`,
				'TikTok kept saying there is more, so n8n stopped reading. Set a Limit instead of "Return All", or run again later.',
			);
		}
		if (cursor !== undefined) cursorsSent.add(String(cursor));
		const pageSize =
			limit === undefined ? maxPageSize : Math.min(maxPageSize, limit - items.length);
		const data = await fetchPage({ cursor, pageSize });
		const listed = Array.isArray(data[listKey]) ? (data[listKey] as IDataObject[]) : [];
		for (const item of listed) {
			const key = uniqueKey && item && typeof item === 'object' ? item[uniqueKey] : undefined;
			if (key !== undefined && key !== null) {
				if (seen.has(String(key))) continue;
				seen.add(String(key));
			}
			items.push(item);
		}
		if (limit !== undefined && items.length >= limit) return items.slice(0, limit);
		if (enough?.(items)) return items;
		if (!data.has_more || data.cursor === undefined || data.cursor === null) return items;
		if (cursorsSent.has(String(data.cursor))) {
			throw new CursorListError(
				`TikTok's list went back to a position it had already given (cursor ${String(data.cursor)}) after ${page + 1} page${page === 0 ? '' : 's'}`,
				'Following it would fetch the same pages forever, so n8n stopped reading. This is on TikTok\'s side: run again later, or set a Limit instead of "Return All".',
			);
		}
		cursor = data.cursor;
	}
}

/** The continuation to send with a page: nothing on a first page that has no cursor. */
export function withCursor(params: IDataObject, cursor: unknown): IDataObject {
	return cursor === undefined ? params : { ...params, cursor: cursor as IDataObject[string] };
}
