import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failedItem } from '../harness/engine.mts';

import type { RecordedRequest } from '../fake/tiktok.mts';
import type { FakeVideo } from '../fake/videos.mts';
import { callListSearch } from '../harness/load-options.mts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	storeRefreshTokenCredential,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';

const DEFAULT_FIELDS = [
	'id',
	'title',
	'video_description',
	'create_time',
	'cover_image_url',
	'share_url',
	'duration',
];
const UNKNOWN_ID = '7399999999999999999';
const NOT_FOUND_DESCRIPTION =
	'TikTok only returns videos owned by the connected account. Check the ID, and that the credential is connected to the account that posted the video (it may also have been deleted).';

function pick(video: FakeVideo, fields: string[]): Record<string, unknown> {
	return Object.fromEntries(fields.map((field) => [field, video[field as keyof FakeVideo]]));
}

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byUrl = (value: string) => ({ __rl: true, mode: 'url', value });

function expectQueryRequest(request: RecordedRequest, fields: string[], videoIds: string[]): void {
	expect(request.method).toBe('POST');
	expect(request.host).toBe('open.tiktokapis.com');
	expect(request.path).toBe('/v2/video/query/');
	expect(request.query).toEqual({ fields: fields.join(',') });
	expect(request.headers['content-type']).toBe('application/json; charset=UTF-8');
	expect(request.headers.accept).toBe('application/json');
	expect(request.headers.authorization).toMatch(/^Bearer act\./);
	expect(request.json).toEqual({ filters: { video_ids: videoIds } });
	expect(request.status).toBe(200);
}

describe('Video > Get', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('combines 45 input items into 3 queries of 20, 20 and 5 IDs and pairs each video with its item', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		// Oldest first: the fake answers newest first, so TikTok's order never matches the request's.
		const videos = env.fake.library.seed(50).slice(0, 45).reverse();
		const ids = videos.map((video) => video.id);

		const result = await env.n8n.run({
			parameters: {
				resource: 'video',
				operation: 'get',
				videoId: byId('={{ $json.videoId }}'),
				fields: ['id', 'title', 'like_count'],
			},
			credentials,
			items: ids.map((videoId) => ({ json: { videoId } })),
		});

		expect(result.error).toBeUndefined();
		const requests = env.fake.requestsTo('/v2/video/query/');
		expect(requests).toHaveLength(3);
		expectQueryRequest(requests[0], ['id', 'title', 'like_count'], ids.slice(0, 20));
		expectQueryRequest(requests[1], ['id', 'title', 'like_count'], ids.slice(20, 40));
		expectQueryRequest(requests[2], ['id', 'title', 'like_count'], ids.slice(40, 45));
		expect(env.fake.requests).toHaveLength(3);
		expect(result.items).toEqual(
			videos.map((video, item) => ({
				json: pick(video, ['id', 'title', 'like_count']),
				pairedItem: { item },
			})),
		);
	});

	it.each([
		[
			'a share link with a query string',
			(id: string) =>
				`https://www.tiktok.com/@demo.creator/video/${id}?is_from_webapp=1&sender_device=pc`,
		],
		['a mobile link', (id: string) => `https://m.tiktok.com/@demo.creator/video/${id}`],
		['a link without www', (id: string) => `https://tiktok.com/@demo.creator/video/${id}`],
	])('turns %s into the video ID', async (_name, link) => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const [, video] = env.fake.library.seed(3);

		const result = await env.n8n.run({
			parameters: { resource: 'video', operation: 'get', videoId: byUrl(link(video.id)) },
			credentials,
		});

		expect(result.error).toBeUndefined();
		expect(env.fake.requests).toHaveLength(1);
		expectQueryRequest(env.fake.requests[0], DEFAULT_FIELDS, [video.id]);
		expect(result.items).toEqual([{ json: pick(video, DEFAULT_FIELDS), pairedItem: { item: 0 } }]);
	});

	it('accepts several IDs in "By ID" and the video picked from the list', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const videos = env.fake.library.seed(4);

		const result = await env.n8n.run({
			parameters: {
				resource: 'video',
				operation: 'get',
				videoId: '={{ $json.locator }}',
				fields: ['id'],
			},
			credentials,
			items: [
				{ json: { locator: byId(`${videos[2].id}, ${videos[0].id}`) } },
				{ json: { locator: { __rl: true, mode: 'list', value: videos[3].id } } },
				// The same video as item 0 asks for: sent once, output for both.
				{ json: { locator: byId(videos[0].id) } },
			],
		});

		expect(result.error).toBeUndefined();
		expect(env.fake.requests.map((r) => r.json)).toEqual([
			{ filters: { video_ids: [videos[2].id, videos[0].id, videos[3].id] } },
		]);
		expect(result.items).toEqual([
			{ json: { id: videos[2].id }, pairedItem: { item: 0 } },
			{ json: { id: videos[0].id }, pairedItem: { item: 0 } },
			{ json: { id: videos[3].id }, pairedItem: { item: 1 } },
			{ json: { id: videos[0].id }, pairedItem: { item: 2 } },
		]);
	});

	it('queries separately for items that ask for different fields', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const videos = env.fake.library.seed(2);

		const result = await env.n8n.run({
			parameters: {
				resource: 'video',
				operation: 'get',
				videoId: byId('={{ $json.id }}'),
				fields: '={{ $json.fields }}',
			},
			credentials,
			items: [
				{ json: { id: videos[0].id, fields: ['title'] } },
				{ json: { id: videos[1].id, fields: ['duration'] } },
			],
		});

		expect(env.fake.requests.map((r) => [r.query.fields, r.json])).toEqual([
			['id,title', { filters: { video_ids: [videos[0].id] } }],
			['id,duration', { filters: { video_ids: [videos[1].id] } }],
		]);
		expect(result.items).toEqual([
			{ json: pick(videos[0], ['id', 'title']), pairedItem: { item: 0 } },
			{ json: pick(videos[1], ['id', 'duration']), pairedItem: { item: 1 } },
		]);
	});

	it('fails on an ID TikTok did not return, naming the ID and why', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const [video] = env.fake.library.seed(1);

		const result = await env.n8n.run({
			parameters: {
				resource: 'video',
				operation: 'get',
				videoId: byId('={{ $json.id }}'),
				fields: ['id'],
			},
			credentials,
			items: [{ json: { id: video.id } }, { json: { id: UNKNOWN_ID } }],
		});

		expect(env.fake.requests.map((r) => r.json)).toEqual([
			{ filters: { video_ids: [video.id, UNKNOWN_ID] } },
		]);
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			`Video ${UNKNOWN_ID} was not found among the connected account's videos`,
		);
		expect(result.error?.description).toBe(NOT_FOUND_DESCRIPTION);
	});

	it("with Continue On Fail, outputs an error item for a video TikTok did not return (e.g. another account's)", async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const [own1, own2] = env.fake.library.seed(2);
		env.fake.addUser({ open_id: '-000OpenIdOfSomeoneElse', username: 'someone.else' });
		const [foreign] = env.fake.library.seed(1, '-000OpenIdOfSomeoneElse');

		const result = await env.n8n.run({
			parameters: {
				resource: 'video',
				operation: 'get',
				videoId: byId('={{ $json.id }}'),
				fields: ['id'],
			},
			credentials,
			continueOnFail: true,
			items: [
				{ json: { id: own1.id } },
				{ json: { id: `${foreign.id},${UNKNOWN_ID}` } },
				{ json: { id: own2.id } },
			],
		});

		expect(result.error).toBeUndefined();
		expect(env.fake.requests).toHaveLength(1);
		expect(result.items).toEqual([
			{ json: { id: own1.id }, pairedItem: { item: 0 } },
			failedItem(
				{
					error: `Videos ${foreign.id}, ${UNKNOWN_ID} were not found among the connected account's videos`,
					message: NOT_FOUND_DESCRIPTION,
				},
				1,
			),
			{ json: { id: own2.id }, pairedItem: { item: 2 } },
		]);
	});

	it('refuses a link that is not a TikTok video link before any call (as typed and from an expression)', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		env.fake.library.seed(1);

		const typed = await env.n8n.run({
			parameters: {
				resource: 'video',
				operation: 'get',
				videoId: byUrl('https://www.youtube.com/watch?v=abc'),
			},
			credentials,
		});
		// n8n itself refuses to start: the mode's regex validation is a parameter issue.
		expect(typed.error?.message).toContain(
			'Not a TikTok video link. Use a link like https://www.tiktok.com/@user/video/7300000000000000001.',
		);

		const fromExpression = await env.n8n.run({
			parameters: { resource: 'video', operation: 'get', videoId: byUrl('={{ $json.link }}') },
			credentials,
			items: [
				{
					json: {
						link: `https://www.tiktok.com/@demo.creator/video/${env.fake.library.videos()[0].id}`,
					},
				},
				{ json: { link: 'https://vm.tiktok.com/ZMabc123/' } },
			],
		});
		expect(fromExpression.error?.message).toBe(
			'Invalid "Video" (By URL): "https://vm.tiktok.com/ZMabc123/" is a TikTok short link',
		);
		expect(fromExpression.error?.description).toContain(
			'Open it in a browser and copy the full address',
		);
		expect((fromExpression.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(
			1,
		);
		// Item 0 was valid, but nothing is sent while any item is invalid.
		expect(env.fake.requests).toHaveLength(0);
	});

	it('refuses a malformed ID naming the parameter, and with Continue On Fail still gets the valid items', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const [video] = env.fake.library.seed(1);
		const parameters = {
			resource: 'video',
			operation: 'get',
			videoId: byId('={{ $json.id }}'),
			fields: ['id'],
		};
		const items = [{ json: { id: '73000000000000x0001' } }, { json: { id: video.id } }];

		const failed = await env.n8n.run({ parameters, credentials, items });
		expect(failed.error?.message).toBe(
			'Invalid "Video" (By ID): "73000000000000x0001" is not a TikTok video ID',
		);
		expect(failed.error?.description).toContain('up to 19 digits');
		expect(env.fake.requests).toHaveLength(0);

		const continued = await env.n8n.run({ parameters, credentials, items, continueOnFail: true });
		expect(continued.items).toEqual([
			failedItem(
				{
					error: 'Invalid "Video" (By ID): "73000000000000x0001" is not a TikTok video ID',
					message: expect.stringContaining('up to 19 digits'),
				},
				0,
			),
			{ json: { id: video.id }, pairedItem: { item: 1 } },
		]);
		expect(env.fake.requests.map((r) => r.json)).toEqual([{ filters: { video_ids: [video.id] } }]);
	});

	it('refuses an ID that reached the node as a rounded number', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const result = await env.n8n.run({
			parameters: {
				resource: 'video',
				operation: 'get',
				videoId: byId('={{ 7300000000000000001 }}'),
			},
			credentials,
		});
		expect(result.error?.message).toBe(
			'Invalid "Video" (By ID): The video ID 7300000000000000000 arrived as a number and has lost digits',
		);
		expect(env.fake.requests).toHaveLength(0);
	});

	it('names the missing scope when the account did not grant video.list, per item with Continue On Fail', async () => {
		const credentials = await storeConnectedOAuth2(env, ['user.info.basic']);
		const [video] = env.fake.library.seed(1);
		const parameters = {
			resource: 'video',
			operation: 'get',
			videoId: byId(video.id),
			fields: ['id'],
		};

		const failed = await env.n8n.run({ parameters, credentials });
		expect(failed.error?.message).toBe(
			'The TikTok account did not grant the permission this operation needs (scope_not_authorized)',
		);
		expect(failed.error?.description).toContain('Add the missing scope to the credential');
		expect((failed.error as { httpCode?: string }).httpCode).toBe('401');

		const continued = await env.n8n.run({
			parameters,
			credentials,
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
		});
		expect(continued.items).toEqual(
			[0, 1].map((item) =>
				failedItem(
					{
						error:
							'The TikTok account did not grant the permission this operation needs (scope_not_authorized)',
						message: expect.stringContaining('Add the missing scope'),
					},
					item,
				),
			),
		);
	});
});

describe('Video > Get: "From List" search (searchVideos)', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	const parameters = { resource: 'video', operation: 'get', authentication: 'oAuth2' };

	it('lists videos newest first, named by title or description and date, linked to TikTok, paged by cursor', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const videos = env.fake.library.seed(25);
		videos[1].video_description = 'A caption\nwith a second line';
		videos[2].video_description = 'x'.repeat(100);

		const first = await callListSearch(env.n8n, {
			method: 'searchVideos',
			parameters,
			credentials,
		});

		expect(env.fake.requests).toHaveLength(1);
		const [request] = env.fake.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/v2/video/list/');
		expect(request.query).toEqual({ fields: 'id,title,video_description,create_time,share_url' });
		expect(request.headers['content-type']).toBe('application/json; charset=UTF-8');
		expect(request.json).toEqual({ max_count: 20 });
		expect(first.results).toHaveLength(20);
		expect(first.results.slice(0, 3)).toEqual([
			{ name: 'Episode 1 (2024-11-19)', value: videos[0].id, url: videos[0].share_url },
			{ name: 'A caption (2024-11-18)', value: videos[1].id, url: videos[1].share_url },
			{
				name: `${'x'.repeat(59)}… (${new Date(videos[2].create_time * 1000).toISOString().slice(0, 10)})`,
				value: videos[2].id,
				url: videos[2].share_url,
			},
		]);
		expect(first.paginationToken).toBe(String(videos[19].create_time * 1000));

		const second = await callListSearch(env.n8n, {
			method: 'searchVideos',
			parameters,
			credentials,
			paginationToken: first.paginationToken,
		});
		expect(env.fake.requests[1].json).toEqual({
			cursor: videos[19].create_time * 1000,
			max_count: 20,
		});
		expect(second.results.map((item) => item.value)).toEqual(
			videos.slice(20).map((video) => video.id),
		);
		expect(second.paginationToken).toBeUndefined();
	});

	it('filters by title, description or ID, scanning further pages for matches', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const videos = env.fake.library.seed(50);
		videos[45].video_description = 'The one about #N8N automation';

		const found = await callListSearch(env.n8n, {
			method: 'searchVideos',
			parameters,
			credentials,
			filter: 'n8n',
		});

		expect(found.results.map((item) => item.value)).toEqual([videos[45].id]);
		expect(env.fake.requests).toHaveLength(3);
		expect(found.paginationToken).toBeUndefined();

		const byIdFilter = await callListSearch(env.n8n, {
			method: 'searchVideos',
			parameters,
			credentials,
			filter: videos[3].id,
		});
		expect(byIdFilter.results.map((item) => item.value)).toEqual([videos[3].id]);
	});

	it('works with the Refresh Token credential too', async () => {
		const credentials = await storeRefreshTokenCredential(env, ['video.list']);
		const videos = env.fake.library.seed(2);
		const result = await callListSearch(env.n8n, {
			method: 'searchVideos',
			parameters: { ...parameters, authentication: 'refreshToken' },
			credentials,
		});
		expect(result.results.map((item) => item.value)).toEqual(videos.map((video) => video.id));
		expect(env.fake.requests.map((r) => r.path)).toEqual(['/v2/oauth/token/', '/v2/video/list/']);
	});

	it('reports a missing video.list scope', async () => {
		const credentials = await storeConnectedOAuth2(env, ['user.info.basic']);
		await expect(
			callListSearch(env.n8n, { method: 'searchVideos', parameters, credentials }),
		).rejects.toThrow(
			'The TikTok account did not grant the permission this operation needs (scope_not_authorized)',
		);
	});
});
