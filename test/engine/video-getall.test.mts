import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { FakeVideo } from '../fake/videos.mts';
import type { RecordedRequest } from '../fake/tiktok.mts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
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

function pick(video: FakeVideo, fields: string[]): Record<string, unknown> {
	return Object.fromEntries(fields.map((field) => [field, video[field as keyof FakeVideo]]));
}

/** Everything about a video/list call except the body, which each test checks itself. */
function expectListRequest(request: RecordedRequest, fields: string[]): void {
	expect(request.method).toBe('POST');
	expect(request.host).toBe('open.tiktokapis.com');
	expect(request.path).toBe('/v2/video/list/');
	expect(request.query).toEqual({ fields: fields.join(',') });
	expect(request.headers['content-type']).toBe('application/json; charset=UTF-8');
	expect(request.headers.accept).toBe('application/json');
	expect(request.headers.authorization).toMatch(/^Bearer act\./);
	expect(request.status).toBe(200);
}

describe('Video > Get Many', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('returns all videos over 3 pages, following has_more through a short page', async () => {
		const credentials = await storeConnectedOAuth2(env, ['user.info.basic', 'video.list']);
		const videos = env.fake.library.seed(45);
		env.fake.library.pageSizes = [20, 5];

		const result = await env.n8n.run({
			parameters: { resource: 'video', operation: 'getAll', returnAll: true },
			credentials,
		});

		expect(result.error).toBeUndefined();
		const requests = env.fake.requestsTo('/v2/video/list/');
		expect(requests).toHaveLength(3);
		for (const request of requests) expectListRequest(request, DEFAULT_FIELDS);
		expect(requests.map((r) => r.json)).toEqual([
			{ max_count: 20 },
			{ max_count: 20, cursor: videos[19].create_time * 1000 },
			{ max_count: 20, cursor: videos[24].create_time * 1000 },
		]);
		// A third call after a 5-video page: the loop followed has_more, not the page size.
		expect(result.items).toEqual(
			videos.map((video) => ({ json: pick(video, DEFAULT_FIELDS), pairedItem: { item: 0 } })),
		);
		expect(
			result.items.every(
				(item) => typeof item.json.id === 'string' && /^\d{19}$/.test(item.json.id),
			),
		).toBe(true);
	});

	it("#9.16 Return All stops with a clear error when TikTok's cursor goes back (A, B, A) instead of looping forever", async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const videos = env.fake.library.seed(60);
		const cursorA = videos[19].create_time * 1000;
		const cursorB = videos[39].create_time * 1000;
		env.fake.library.cursorGoesBack = { whenAskedWith: cursorB, answer: cursorA, times: 50 };

		const result = await env.n8n.run({
			parameters: { resource: 'video', operation: 'getAll', returnAll: true, fields: ['id'] },
			credentials,
		});

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			`TikTok's list went back to a position it had already given (cursor ${cursorA}) after 3 pages`,
		);
		expect(result.error?.description).toBe(
			'Following it would fetch the same pages forever, so n8n stopped reading. This is on TikTok\'s side: run again later, or set a Limit instead of "Return All".',
		);
		const requests = env.fake.requestsTo('/v2/video/list/');
		for (const request of requests) expectListRequest(request, ['id']);
		expect(requests.map((r) => r.json)).toEqual([
			{ max_count: 20 },
			{ max_count: 20, cursor: cursorA },
			{ max_count: 20, cursor: cursorB },
		]);
	});

	it('stops at the limit in the middle of the list and asks only for what is still needed', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const videos = env.fake.library.seed(60);

		const result = await env.n8n.run({
			parameters: {
				resource: 'video',
				operation: 'getAll',
				returnAll: false,
				limit: 25,
				fields: ['id', 'view_count'],
			},
			credentials,
		});

		expect(result.error).toBeUndefined();
		const requests = env.fake.requestsTo('/v2/video/list/');
		expect(requests.map((r) => r.json)).toEqual([
			{ max_count: 20 },
			{ max_count: 5, cursor: videos[19].create_time * 1000 },
		]);
		for (const request of requests) expectListRequest(request, ['id', 'view_count']);
		expect(result.items).toEqual(
			videos
				.slice(0, 25)
				.map((video) => ({ json: pick(video, ['id', 'view_count']), pairedItem: { item: 0 } })),
		);
	});

	it('with a short page, asks for the rest of the limit on the next page', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const videos = env.fake.library.seed(40);
		env.fake.library.pageSizes = [12];

		const result = await env.n8n.run({
			parameters: { resource: 'video', operation: 'getAll', limit: 30, fields: ['id'] },
			credentials,
		});

		expect(env.fake.requestsTo('/v2/video/list/').map((r) => r.json)).toEqual([
			{ max_count: 20 },
			{ max_count: 18, cursor: videos[11].create_time * 1000 },
		]);
		expect(result.items.map((item) => item.json.id)).toEqual(
			videos.slice(0, 30).map((video) => video.id),
		);
	});

	it('uses the default limit of 50 and a single small page for a small limit', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		env.fake.library.seed(70);
		const defaults = await env.n8n.run({
			parameters: { resource: 'video', operation: 'getAll' },
			credentials,
		});
		expect(defaults.items).toHaveLength(50);
		expect(
			env.fake
				.requestsTo('/v2/video/list/')
				.map((r) => (r.json as { max_count: number }).max_count),
		).toEqual([20, 20, 10]);

		env.fake.requests.length = 0;
		const small = await env.n8n.run({
			parameters: { resource: 'video', operation: 'getAll', limit: 3 },
			credentials,
		});
		expect(small.items).toHaveLength(3);
		expect(env.fake.requests.map((r) => r.json)).toEqual([{ max_count: 3 }]);
	});

	it('starts before the given cursor (epoch milliseconds)', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const videos = env.fake.library.seed(10);
		const cursor = videos[3].create_time * 1000;

		const result = await env.n8n.run({
			parameters: {
				resource: 'video',
				operation: 'getAll',
				returnAll: true,
				fields: ['id'],
				options: { cursor },
			},
			credentials,
		});

		expect(env.fake.requests.map((r) => r.json)).toEqual([{ cursor, max_count: 20 }]);
		expect(result.items.map((item) => item.json.id)).toEqual(
			videos.slice(4).map((video) => video.id),
		);
	});

	it("converts a date from the Published Before picker or an expression to TikTok's cursor in milliseconds", async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		env.fake.library.seed(3);
		await env.n8n.run({
			parameters: {
				resource: 'video',
				operation: 'getAll',
				returnAll: true,
				fields: ['id'],
				options: { cursor: '2024-11-19T08:00:00+01:00' },
			},
			credentials,
		});
		expect(env.fake.requests.map((r) => r.json)).toEqual([
			{ cursor: Date.parse('2024-11-19T07:00:00Z'), max_count: 20 },
		]);
	});

	it('refuses a cursor in seconds before calling TikTok, and names the fix', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const result = await env.n8n.run({
			parameters: { resource: 'video', operation: 'getAll', options: { cursor: 1_732_000_000 } },
			credentials,
		});
		expect(result.error?.message).toBe(
			'"Published Before" looks like seconds, not milliseconds: 1732000000',
		);
		expect(result.error?.description).toContain('Multiply by 1000 (1732000000000)');
		expect(env.fake.requests).toHaveLength(0);
	});

	it('returns every documented field, with ID strings and int64 counters exact', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const [video] = env.fake.library.seed(1);
		// The fake writes this as a bare JSON integer, beyond what a JavaScript number holds.
		video.view_count = 9_007_199_254_740_993n;
		const all = [
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
			'is_aigc',
		];

		const result = await env.n8n.run({
			parameters: { resource: 'video', operation: 'getAll', fields: all },
			credentials,
		});

		expect(env.fake.requests[0].query.fields).toBe(all.join(','));
		expect(env.fake.requests[0].status).toBe(200);
		expect(result.items).toEqual([
			{ json: { ...pick(video, all), view_count: '9007199254740993' }, pairedItem: { item: 0 } },
		]);
	});

	it("always asks for the ID, and surfaces TikTok's message when it does not know is_aigc", async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		env.fake.library.seed(2);
		env.fake.library.knowsIsAigc = false;

		const result = await env.n8n.run({
			parameters: { resource: 'video', operation: 'getAll', fields: ['title', 'is_aigc'] },
			credentials,
		});

		expect(env.fake.requests[0].query.fields).toBe('id,title,is_aigc');
		expect(result.error?.message).toBe('TikTok rejected a parameter (invalid_params)');
		expect(result.error?.description).toContain('TikTok says: "Invalid fields: is_aigc"');
	});

	it('refuses an unknown field from an expression before calling TikTok', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const result = await env.n8n.run({
			parameters: { resource: 'video', operation: 'getAll', fields: '={{ ["title", "music"] }}' },
			credentials,
		});
		expect(result.error?.message).toBe('Unknown video field(s) in "Fields": music');
		expect(env.fake.requests).toHaveLength(0);
	});

	it('outputs nothing for an account without videos', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const result = await env.n8n.run({
			parameters: { resource: 'video', operation: 'getAll', returnAll: true },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
		expect(env.fake.requests).toHaveLength(1);
	});

	it('#9.16 stops with an error when TikTok repeats the cursor it was sent, instead of fetching the same page forever or returning part of the list as all of it', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const videos = env.fake.library.seed(30);
		const repeated = videos[19].create_time * 1000;
		let calls = 0;
		env.fake.beforeHandle = () => {
			calls++;
			if (calls === 2) {
				env.fake.injectFault(
					'POST',
					'/v2/video/list/',
					1,
					env.fake.envelope(200, 'ok', '', {
						videos: [{ id: videos[20].id }],
						cursor: repeated,
						has_more: true,
					}),
				);
			}
		};

		const result = await env.n8n.run({
			parameters: { resource: 'video', operation: 'getAll', returnAll: true, fields: ['id'] },
			credentials,
		});

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(
			`TikTok's list went back to a position it had already given (cursor ${repeated}) after 2 pages`,
		);
		expect(env.fake.requestsTo('/v2/video/list/')).toHaveLength(2);
	});

	it('names the missing scope when the account did not grant video.list', async () => {
		const credentials = await storeConnectedOAuth2(env, ['user.info.basic']);
		env.fake.library.seed(3);
		const result = await env.n8n.run({
			parameters: { resource: 'video', operation: 'getAll' },
			credentials,
		});
		expect(result.error?.message).toBe(
			'The TikTok account did not grant the permission this operation needs (scope_not_authorized)',
		);
		expect(result.error?.description).toContain('Add the missing scope to the credential');
		expect((result.error as { httpCode?: string }).httpCode).toBe('401');
		// TikTok answers scope errors with HTTP 401. The node reads it from the answer (n8n's OAuth2
		// helper, had it thrown, would have taken it for an expired token and refreshed): no refresh.
		expect(env.fake.requests.map((r) => `${r.path} ${r.status}`)).toEqual(['/v2/video/list/ 401']);
	});

	it('runs once per input item, pairing each video with its item', async () => {
		const credentials = await storeConnectedOAuth2(env, ['video.list']);
		const videos = env.fake.library.seed(3);
		const result = await env.n8n.run({
			parameters: { resource: 'video', operation: 'getAll', limit: 2, fields: ['id'] },
			credentials,
			items: [{ json: {} }, { json: {} }],
		});
		expect(result.items).toEqual([
			{ json: { id: videos[0].id }, pairedItem: { item: 0 } },
			{ json: { id: videos[1].id }, pairedItem: { item: 0 } },
			{ json: { id: videos[0].id }, pairedItem: { item: 1 } },
			{ json: { id: videos[1].id }, pairedItem: { item: 1 } },
		]);
	});
});

describe('The fake video/list and video/query are as strict as TikTok', () => {
	let env: TikTokTestEnv;
	let token: string;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
		token = env.fake.grantTokens(['video.list']).access_token;
		env.fake.library.seed(25);
	});
	afterEach(async () => await env.stop());

	async function send(
		method: string,
		path: string,
		body: unknown,
		contentType = 'application/json; charset=UTF-8',
	) {
		const response = await env.fake.handle({
			method,
			url: `https://open.tiktokapis.com${path}`,
			headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
			body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
		});
		const parsed = response.status === 405 ? undefined : JSON.parse(String(response.body));
		return {
			status: response.status,
			code: parsed?.error?.code,
			message: parsed?.error?.message,
			data: parsed?.data,
		};
	}

	it.each([
		[
			'fields in the body (the v1 shape)',
			'POST',
			'/v2/video/list/?fields=id',
			{ fields: ['id'], max_count: 5 },
			'Unknown body parameter: fields',
		],
		['no fields', 'POST', '/v2/video/list/', { max_count: 5 }, 'fields is required.'],
		[
			'an unknown field',
			'POST',
			'/v2/video/list/?fields=id,music',
			{ max_count: 5 },
			'Invalid fields: music',
		],
		[
			'max_count 21',
			'POST',
			'/v2/video/list/?fields=id',
			{ max_count: 21 },
			'max_count must be an integer between 1 and 20.',
		],
		[
			'max_count 0',
			'POST',
			'/v2/video/list/?fields=id',
			{ max_count: 0 },
			'max_count must be an integer between 1 and 20.',
		],
		[
			'a cursor as text',
			'POST',
			'/v2/video/list/?fields=id',
			{ cursor: '1732000000000' },
			'cursor must be a UTC Unix epoch in milliseconds (int64).',
		],
		[
			'21 IDs',
			'POST',
			'/v2/video/query/?fields=id',
			{ filters: { video_ids: Array.from({ length: 21 }, (_, i) => String(7300 + i)) } },
			'filters.video_ids must hold 1 to 20 video IDs.',
		],
		[
			'no IDs',
			'POST',
			'/v2/video/query/?fields=id',
			{ filters: { video_ids: [] } },
			'filters.video_ids must hold 1 to 20 video IDs.',
		],
		[
			'IDs as numbers',
			'POST',
			'/v2/video/query/?fields=id',
			{ filters: { video_ids: [7300] } },
			'filters.video_ids must be video IDs as strings.',
		],
		[
			'IDs outside filters',
			'POST',
			'/v2/video/query/?fields=id',
			{ video_ids: ['7300'] },
			'Unknown body parameter: video_ids',
		],
	])('rejects %s with invalid_params', async (_name, method, path, body, message) => {
		expect(await send(method, path, body)).toMatchObject({
			status: 400,
			code: 'invalid_params',
			message,
		});
	});

	it('rejects a body that is not JSON, and other methods', async () => {
		expect(
			await send(
				'POST',
				'/v2/video/list/?fields=id',
				'max_count=5',
				'application/x-www-form-urlencoded',
			),
		).toMatchObject({
			status: 400,
			message: 'The request body must be JSON (Content-Type: application/json).',
		});
		expect((await send('GET', '/v2/video/list/?fields=id', '')).status).toBe(405);
	});

	it('pages by cursor with a default of 10, and drops unknown IDs from a query', async () => {
		const videos = env.fake.library.videos();
		const page = await send('POST', '/v2/video/list/?fields=id', {});
		expect(page.data).toEqual({
			videos: videos.slice(0, 10).map(({ id }) => ({ id })),
			cursor: videos[9].create_time * 1000,
			has_more: true,
		});
		const query = await send('POST', '/v2/video/query/?fields=id', {
			filters: { video_ids: [videos[3].id, '123', videos[1].id] },
		});
		expect(query.data.videos).toEqual([{ id: videos[1].id }, { id: videos[3].id }]);
	});
});
