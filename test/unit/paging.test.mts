import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';

import {
	collectCursorList,
	CursorListError,
	type CursorListOptions,
	PAGE_CAP,
	type PageRequest,
	withCursor,
} from '../../nodes/TikTok/helpers/paging.ts';

interface Answer {
	items: Array<string | null>;
	has_more?: boolean;
	cursor?: unknown;
}

/** A list served from canned answers, recording what each page asked for (and the error it ended with). */
async function follow(answers: Answer[], options: Partial<CursorListOptions> = {}) {
	const asked: PageRequest[] = [];
	let items: IDataObject[] = [];
	let error: unknown;
	try {
		items = await collectCursorList(
			async (page) => {
				asked.push(page);
				const answer = answers[asked.length - 1];
				if (!answer) throw new Error(`page ${asked.length} was not expected`);
				return {
					list: answer.items.map((id): IDataObject => (id === null ? { name: 'no id' } : { id })),
					has_more: answer.has_more,
					cursor: answer.cursor,
				} as IDataObject;
			},
			{ listKey: 'list', maxPageSize: 20, ...options },
		);
	} catch (caught) {
		error = caught;
	}
	return { ids: items.map((item) => item.id ?? null), asked, error };
}

describe('collectCursorList', () => {
	it.each<[string, Answer[], Partial<CursorListOptions>, Array<string | null>, PageRequest[]]>([
		[
			'one page, nothing more',
			[{ items: ['a', 'b'], has_more: false, cursor: 2 }],
			{},
			['a', 'b'],
			[{ cursor: undefined, pageSize: 20 }],
		],
		[
			'follows has_more through short pages',
			[
				{ items: ['a'], has_more: true, cursor: 1 },
				{ items: [], has_more: true, cursor: 1.5 },
				{ items: ['b'], has_more: false, cursor: 2 },
			],
			{},
			['a', 'b'],
			[
				{ cursor: undefined, pageSize: 20 },
				{ cursor: 1, pageSize: 20 },
				{ cursor: 1.5, pageSize: 20 },
			],
		],
		[
			'asks each page for no more than the limit still needs, and cuts at the limit',
			[
				{ items: ['a', 'b', 'c'], has_more: true, cursor: 3 },
				{ items: ['d', 'e'], has_more: true, cursor: 5 },
			],
			{ limit: 4, maxPageSize: 3 },
			['a', 'b', 'c', 'd'],
			[
				{ cursor: undefined, pageSize: 3 },
				{ cursor: 3, pageSize: 1 },
			],
		],
		[
			"starts from the caller's cursor",
			[{ items: ['x'], has_more: false }],
			{ startCursor: 1732000000000 },
			['x'],
			[{ cursor: 1732000000000, pageSize: 20 }],
		],
		[
			'stops when has_more comes without a cursor',
			[{ items: ['a'], has_more: true }],
			{},
			['a'],
			[{ cursor: undefined, pageSize: 20 }],
		],
		[
			'skips items an earlier page gave, keeps items without the key',
			[
				{ items: ['a', 'b', null], has_more: true, cursor: 3 },
				{ items: ['b', 'c', null], has_more: false, cursor: 6 },
			],
			{ uniqueKey: 'id' },
			['a', 'b', null, 'c', null],
			[
				{ cursor: undefined, pageSize: 20 },
				{ cursor: 3, pageSize: 20 },
			],
		],
		[
			'reads at most maxPages pages',
			[
				{ items: ['a'], has_more: true, cursor: 1 },
				{ items: ['b'], has_more: true, cursor: 2 },
			],
			{ maxPages: 2 },
			['a', 'b'],
			[
				{ cursor: undefined, pageSize: 20 },
				{ cursor: 1, pageSize: 20 },
			],
		],
		[
			'stops early once the items are enough',
			[
				{ items: ['a'], has_more: true, cursor: 1 },
				{ items: ['b'], has_more: true, cursor: 2 },
			],
			{ enough: (items) => items.length >= 2 },
			['a', 'b'],
			[
				{ cursor: undefined, pageSize: 20 },
				{ cursor: 1, pageSize: 20 },
			],
		],
	])('%s', async (_name, answers, options, ids, asked) => {
		const result = await follow(answers, options);
		expect(result.error).toBeUndefined();
		expect(result.ids).toEqual(ids);
		expect(result.asked).toEqual(asked);
	});

	it.each<[string, Answer[], Partial<CursorListOptions>, string, PageRequest[]]>([
		[
			'#9.16 a cursor that comes back (A, B, A)',
			[
				{ items: ['a'], has_more: true, cursor: 'A' },
				{ items: ['b'], has_more: true, cursor: 'B' },
				{ items: ['c'], has_more: true, cursor: 'A' },
			],
			{},
			"TikTok's list went back to a position it had already given (cursor A) after 3 pages",
			[
				{ cursor: undefined, pageSize: 20 },
				{ cursor: 'A', pageSize: 20 },
				{ cursor: 'B', pageSize: 20 },
			],
		],
		[
			'#9.16 a cursor that does not move (same value, number or text)',
			[
				{ items: ['a'], has_more: true, cursor: 7 },
				{ items: ['b'], has_more: true, cursor: '7' },
			],
			{},
			"TikTok's list went back to a position it had already given (cursor 7) after 2 pages",
			[
				{ cursor: undefined, pageSize: 20 },
				{ cursor: 7, pageSize: 20 },
			],
		],
		[
			"#9.16 a cursor that comes back to the caller's own start",
			[
				{ items: ['a'], has_more: true, cursor: 50 },
				{ items: ['b'], has_more: true, cursor: 100 },
			],
			{ startCursor: 100 },
			"TikTok's list went back to a position it had already given (cursor 100) after 2 pages",
			[
				{ cursor: 100, pageSize: 20 },
				{ cursor: 50, pageSize: 20 },
			],
		],
	])('%s is an error, not an endless loop', async (_name, answers, options, message, asked) => {
		const { error, asked: asking } = await follow(answers, options);
		expect(error).toBeInstanceOf(CursorListError);
		expect((error as CursorListError).message).toBe(message);
		expect((error as CursorListError).description).toBe(
			'Following it would fetch the same pages forever, so n8n stopped reading. This is on TikTok\'s side: run again later, or set a Limit instead of "Return All".',
		);
		expect(asking).toEqual(asked);
	});

	it('#9.16 a list whose cursor keeps moving while has_more stays true ends with an error after 10,000 pages', async () => {
		let pages = 0;
		const failure = await collectCursorList(
			async (page) => {
				pages++;
				// Without the cap this list never ends: fail instead of spinning forever.
				if (pages > 10_000) throw new Error(`page ${pages} was read`);
				return {
					list: [{ id: `v${pages}` }],
					has_more: true,
					cursor: Number(page.cursor ?? 0) + 1,
				};
			},
			{ listKey: 'list', maxPageSize: 20 },
		).catch((error: unknown) => error);
		expect(pages).toBe(PAGE_CAP);
		expect((failure as CursorListError).message).toBe(
			"TikTok's list did not end after 10,000 pages (10,000 items)",
		);
		expect((failure as CursorListError).description).toBe(
			'TikTok kept saying there is more, so n8n stopped reading. Set a Limit instead of "Return All", or run again later.',
		);
	});

	it('treats an answer without the list as an empty page', async () => {
		const items = await collectCursorList(async () => ({ has_more: false }), {
			listKey: 'videos',
			maxPageSize: 20,
		});
		expect(items).toEqual([]);
	});
});

describe('withCursor', () => {
	it.each<[string, IDataObject, unknown, IDataObject]>([
		['first page: no cursor key at all', { max_count: 20 }, undefined, { max_count: 20 }],
		[
			'later page: the cursor after the other parameters',
			{ max_count: 20 },
			40,
			{ max_count: 20, cursor: 40 },
		],
		[
			'a cursor already there keeps its place',
			{ cursor: 1, max_count: 5 },
			9,
			{ cursor: 9, max_count: 5 },
		],
	])('%s', (_name, params, cursor, expected) => {
		const result = withCursor(params, cursor);
		expect(result).toEqual(expected);
		expect(Object.keys(result)).toEqual(Object.keys(expected));
	});
});
