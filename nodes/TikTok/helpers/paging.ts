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
	maxPages?: number;
	/** Stops early once the items so far are enough; checked after each page. */
	enough?: (items: IDataObject[]) => boolean;
}

/**
 * Follows a TikTok cursor list (`has_more` + `cursor`), asking each page for no more than the
 * limit still needs. TikTok may answer short pages while `has_more` is true, so the loop follows
 * `has_more`, never the page size; a cursor that does not move ends it (the same cursor would
 * fetch the same page forever).
 */
export async function collectCursorList(
	fetchPage: (page: PageRequest) => Promise<IDataObject>,
	options: CursorListOptions,
): Promise<IDataObject[]> {
	const { listKey, limit, maxPageSize, uniqueKey, maxPages, enough } = options;
	const items: IDataObject[] = [];
	const seen = new Set<string>();
	let cursor = options.startCursor;
	for (let page = 0; maxPages === undefined || page < maxPages; page++) {
		const pageSize = limit === undefined ? maxPageSize : Math.min(maxPageSize, limit - items.length);
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
		if (cursor !== undefined && String(data.cursor) === String(cursor)) return items;
		cursor = data.cursor;
	}
	return items;
}

/** The continuation to send with a page: nothing on a first page that has no cursor. */
export function withCursor(params: IDataObject, cursor: unknown): IDataObject {
	return cursor === undefined ? params : { ...params, cursor: cursor as IDataObject[string] };
}
