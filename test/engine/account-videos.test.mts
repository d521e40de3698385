/**
 * Account (Business) > Get Many Videos through n8n-core's engine against the strict fake of the
 * TikTok API for Business (`GET business/video/list/`): the JSON-encoded `fields` and `filters`,
 * cursor paging (Return All, Limit), exact items with 19-digit IDs as text, input refused before
 * any call, and the video.insights scope named when TikTok refuses a metric. Also the comment
 * Video parameter's "From List" (searchBusinessVideos), which reads the same list.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failedItem } from '../harness/engine.mts';

import { callListSearch } from '../harness/load-options.mts';
import { expectBusinessCall, storeBusinessCredential } from '../harness/business.mts';
import { createTikTokTestEnv, type TikTokTestEnv } from '../harness/tiktok-env.mts';

const BUSINESS_ID = '-000BusinessOpenIdOfTheBrand';
const PATH = '/open_api/v1.3/business/video/list/';
const SCOPES = ['video.list', 'video.insights'];
const DEFAULT_FIELDS =
	'["item_id","create_time","caption","share_url","video_views","reach","likes","comments","shares"]';

const getVideos = (extra: Record<string, unknown> = {}) => ({
	resource: 'account',
	operation: 'getVideos',
	...extra,
});

describe('Account > Get Many Videos', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	/** A video as the node outputs it with the default fields. */
	function expectedVideo(id: string) {
		const video = env.fake.business.videoDetails.get(id)!;
		return {
			item_id: id,
			create_time: video.create_time,
			caption: video.caption,
			share_url: video.stats.share_url,
			video_views: video.stats.video_views,
			reach: video.stats.reach,
			likes: video.stats.likes,
			comments: video.stats.comments,
			shares: video.stats.shares,
		};
	}

	it('Return All follows the cursor over 3 pages of 20 (45 videos), newest first', async () => {
		const credentials = await storeBusinessCredential(env, { scopes: SCOPES });
		const ids = env.fake.business.seedVideos(45);

		const result = await env.n8n.run({
			parameters: getVideos({ returnAll: true }),
			credentials,
		});

		expect(result.error).toBeUndefined();
		const requests = env.fake.requestsTo(PATH);
		for (const request of requests) expectBusinessCall(request, 'GET', 'business/video/list/');
		const cursorAfter = (index: number) =>
			String(env.fake.business.videoDetails.get(ids[index])!.create_time * 1000);
		expect(requests.map((r) => r.query)).toEqual([
			{ business_id: BUSINESS_ID, fields: DEFAULT_FIELDS, max_count: '20' },
			{
				business_id: BUSINESS_ID,
				fields: DEFAULT_FIELDS,
				max_count: '20',
				cursor: cursorAfter(19),
			},
			{
				business_id: BUSINESS_ID,
				fields: DEFAULT_FIELDS,
				max_count: '20',
				cursor: cursorAfter(39),
			},
		]);
		expect(result.items).toHaveLength(45);
		expect(result.items).toEqual(
			ids.map((id) => ({ json: expectedVideo(id), pairedItem: { item: 0 } })),
		);
		// One item spelled out: the 19-digit ID as text, create_time as a number of seconds.
		expect(result.items[0].json).toEqual({
			item_id: '7440000000000000001',
			create_time: 1_732_000_000,
			caption: 'Video 1 #brand',
			share_url: 'https://www.tiktok.com/@demo.brand/video/7440000000000000001',
			video_views: 1000,
			reach: 900,
			likes: 100,
			comments: 10,
			shares: 5,
		});
		expect(result.items[44].json.item_id).toBe(ids[44]);
	});

	it('Limit asks each page only for what is still needed', async () => {
		const credentials = await storeBusinessCredential(env, { scopes: SCOPES });
		const ids = env.fake.business.seedVideos(30);

		const result = await env.n8n.run({
			parameters: getVideos({ returnAll: false, limit: 25, fields: ['caption'] }),
			credentials,
		});

		expect(result.error).toBeUndefined();
		const requests = env.fake.requestsTo(PATH);
		expect(requests.map((r) => [r.query.fields, r.query.max_count])).toEqual([
			['["item_id","caption"]', '20'],
			['["item_id","caption"]', '5'],
		]);
		expect(result.items.map((item) => item.json)).toEqual(
			ids.slice(0, 25).map((id, n) => ({ item_id: id, caption: `Video ${n + 1} #brand` })),
		);
	});

	it('filters by video IDs and links, sent as JSON {"video_ids":[…]}', async () => {
		const credentials = await storeBusinessCredential(env, { scopes: SCOPES });
		const ids = env.fake.business.seedVideos(5);

		const result = await env.n8n.run({
			parameters: getVideos({
				returnAll: true,
				fields: ['video_views', 'impression_sources'],
				options: {
					videoIds: `${ids[3]}, https://www.tiktok.com/@demo.brand/video/${ids[1]}?lang=en ${ids[3]}`,
				},
			}),
			credentials,
		});

		expect(result.error).toBeUndefined();
		const [request] = env.fake.requestsTo(PATH);
		expect(request.query).toEqual({
			business_id: BUSINESS_ID,
			fields: '["item_id","video_views","impression_sources"]',
			filters: `{"video_ids":["${ids[3]}","${ids[1]}"]}`,
			max_count: '20',
		});
		expect(result.items.map((item) => item.json)).toEqual(
			[ids[1], ids[3]].map((id) => {
				const { stats } = env.fake.business.videoDetails.get(id)!;
				return {
					item_id: id,
					video_views: stats.video_views,
					impression_sources: stats.impression_sources,
				};
			}),
		);
	});

	describe('bad input is refused before any call', () => {
		it.each([
			[
				'a video ID that is not a number',
				{ options: { videoIds: '7440000000000000000, abc' } },
				'Option "Video IDs": "abc" is not a TikTok video ID',
			],
			[
				'a short link',
				{ options: { videoIds: 'https://vm.tiktok.com/ZMabc/' } },
				'Option "Video IDs": "https://vm.tiktok.com/ZMabc/" is a TikTok short link',
			],
			[
				'more than 20 video IDs',
				{
					options: {
						videoIds: Array.from({ length: 21 }, (_, i) =>
							String(7440000000000000000n + BigInt(i)),
						).join(','),
					},
				},
				'Option "Video IDs" has 21 videos; at most 20 are allowed',
			],
			['an unknown field', { fields: ['item_id', 'views'] }, 'Unknown field(s) in "Fields": views'],
			['a limit of 0', { limit: 0 }, '"Limit" must be a whole number of at least 1, got 0'],
		])('%s', async (_, extra, message) => {
			const credentials = await storeBusinessCredential(env, { scopes: SCOPES });
			const result = await env.n8n.run({ parameters: getVideos(extra), credentials });
			expect(result.error?.message).toBe(message);
			expect(env.fake.requests.filter((r) => r.host === 'business-api.tiktok.com')).toEqual([]);
		});
	});

	it('40130: names video.insights for the metrics chosen when the token has only video.list', async () => {
		const credentials = await storeBusinessCredential(env, { scopes: ['video.list'] });
		env.fake.business.seedVideos(2);

		const result = await env.n8n.run({
			parameters: getVideos({ returnAll: true, fields: ['caption', 'likes', 'reach'] }),
			credentials,
		});

		expect(env.fake.requestsTo(PATH)).toHaveLength(1);
		expect(result.error?.message).toBe(
			'TikTok says the token lacks a permission for a field you chose (40130)',
		);
		expect(result.error?.description).toMatch(
			/^The fields you chose need: video\.list \(item_id, caption\); video\.insights \(likes, reach\)\. The credential's token lacks: video\.insights \(it was granted: video\.list\)\. .* TikTok request ID: \d{20}BIZ$/,
		);
	});

	it('with Continue On Fail, a refused item becomes an error item and the next one runs', async () => {
		const credentials = await storeBusinessCredential(env, { scopes: SCOPES });
		const [id] = env.fake.business.seedVideos(1);

		const result = await env.n8n.run({
			parameters: getVideos({
				returnAll: true,
				fields: ['caption'],
				options: { videoIds: '={{ $json.ids }}' },
			}),
			items: [{ json: { ids: 'not-an-id' } }, { json: { ids: id } }],
			continueOnFail: true,
			credentials,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			failedItem(
				{
					error: 'Option "Video IDs": "not-an-id" is not a TikTok video ID',
					message: expect.stringContaining('A video ID is the number at the end'),
				},
				0,
			),
			{ json: { item_id: id, caption: 'Video 1 #brand' }, pairedItem: { item: 1 } },
		]);
	});
});

describe('Comment > Video "From List" (searchBusinessVideos)', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	const parameters = { resource: 'comment', operation: 'getAll' };
	const day = (id: string) =>
		new Date(env.fake.business.videoDetails.get(id)!.create_time * 1000).toISOString().slice(0, 10);

	it("lists the account's videos newest first, named by caption and date, paged by cursor", async () => {
		const credentials = await storeBusinessCredential(env, { scopes: ['video.list'] });
		const ids = env.fake.business.seedVideos(25);

		const first = await callListSearch(env.n8n, {
			method: 'searchBusinessVideos',
			parameters,
			credentials,
		});

		const requests = env.fake.requestsTo(PATH);
		expect(requests).toHaveLength(1);
		expectBusinessCall(requests[0], 'GET', 'business/video/list/');
		expect(requests[0].query).toEqual({
			business_id: BUSINESS_ID,
			fields: '["item_id","caption","create_time","share_url"]',
			max_count: '20',
		});
		expect(first.results).toHaveLength(20);
		expect(first.results[0]).toEqual({
			name: `Video 1 #brand (${day(ids[0])})`,
			value: ids[0],
			url: `https://www.tiktok.com/@demo.brand/video/${ids[0]}`,
		});
		const cursor = String(env.fake.business.videoDetails.get(ids[19])!.create_time * 1000);
		expect(first.paginationToken).toBe(cursor);

		const second = await callListSearch(env.n8n, {
			method: 'searchBusinessVideos',
			parameters,
			credentials,
			paginationToken: first.paginationToken,
		});
		expect(env.fake.requestsTo(PATH)[1].query.cursor).toBe(cursor);
		expect(second.results.map((item) => item.value)).toEqual(ids.slice(20));
		expect(second.paginationToken).toBeUndefined();
	});

	it('filters by caption (any case) or ID, scanning further pages', async () => {
		const credentials = await storeBusinessCredential(env, { scopes: ['video.list'] });
		const ids = env.fake.business.seedVideos(44);
		env.fake.business.seedVideo('7300000000000000009', 0, {
			caption: 'Behind the scenes with #N8N',
			createTime: 1_600_000_000,
		});

		const found = await callListSearch(env.n8n, {
			method: 'searchBusinessVideos',
			parameters,
			credentials,
			filter: 'n8n',
		});
		expect(found.results.map((item) => item.value)).toEqual(['7300000000000000009']);
		expect(env.fake.requestsTo(PATH)).toHaveLength(3);
		expect(found.paginationToken).toBeUndefined();

		const byId = await callListSearch(env.n8n, {
			method: 'searchBusinessVideos',
			parameters,
			credentials,
			filter: ids[2],
		});
		expect(byId.results.map((item) => item.value)).toEqual([ids[2]]);
	});

	it('a video chosen from the list is the one the comment operation reads', async () => {
		const credentials = await storeBusinessCredential(env, {
			scopes: ['video.list', 'comment.list'],
		});
		const videoId = '7300000000000000001';
		env.fake.business.seedVideo(videoId, 1);

		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'getAll',
				videoId: { __rl: true, mode: 'list', value: videoId, cachedResultName: 'Video 1 #brand' },
				returnAll: true,
			},
			credentials,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(env.fake.requestsTo('/open_api/v1.3/business/comment/list/')[0].query.video_id).toBe(
			videoId,
		);
	});

	it('reports a missing video.list scope with the scope named', async () => {
		const credentials = await storeBusinessCredential(env, { scopes: ['comment.list'] });
		await expect(
			callListSearch(env.n8n, { method: 'searchBusinessVideos', parameters, credentials }),
		).rejects.toThrow('TikTok says this app has no permission for that (40001)');
	});
});
