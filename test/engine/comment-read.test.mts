/**
 * Comment > Get Many and Get Replies through n8n-core's engine against the strict fake of the
 * TikTok API for Business: exact requests (host, path, query, Access-Token, no Bearer, business_id
 * from the credential), exact outputs, cursor pagination.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { serialiseForLeakCheck } from '../harness/engine.mts';
import {
	allSecrets,
	expectBusinessCall,
	expectedComment,
	storeBusinessCredential,
	VIDEO_ID,
	VIDEO_URL,
} from '../harness/business.mts';
import { createTikTokTestEnv, type TikTokTestEnv } from '../harness/tiktok-env.mts';

const BUSINESS_ID = '-000BusinessOpenIdOfTheBrand';

describe('Comment > Get Many', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('returns every comment over 3 pages, following has_more and the cursor', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID, 75);
		const expected = env.fake.business
			.topLevel(VIDEO_ID)
			.sort((a, b) => b.create_time - a.create_time);

		const result = await env.n8n.run({
			parameters: { resource: 'comment', operation: 'getAll', videoId: VIDEO_ID, returnAll: true },
			credentials,
		});

		expect(result.error).toBeUndefined();
		const lists = env.fake.requestsTo('/open_api/v1.3/business/comment/list/');
		expect(lists).toHaveLength(3);
		for (const request of lists) expectBusinessCall(request, 'GET', 'business/comment/list/');
		expect(lists.map((r) => r.query)).toEqual([
			{ business_id: BUSINESS_ID, video_id: VIDEO_ID, max_count: '30' },
			{ business_id: BUSINESS_ID, video_id: VIDEO_ID, max_count: '30', cursor: '30' },
			{ business_id: BUSINESS_ID, video_id: VIDEO_ID, max_count: '30', cursor: '60' },
		]);
		expect(result.items).toHaveLength(75);
		expect(result.items).toEqual(
			expected.map((comment) => ({
				json: expectedComment(env.fake, comment),
				pairedItem: { item: 0 },
			})),
		);
		// One item spelled out: TikTok's fields, IDs as text.
		expect(result.items[0].json).toEqual({
			comment_id: '7439000000000000000',
			video_id: VIDEO_ID,
			unique_identifier: 'uid-fan-0',
			user_id: 'user-fan-0',
			create_time: '1732100000',
			text: 'Comment 1 on 0001',
			likes: 0,
			replies: 0,
			owner: false,
			liked: false,
			pinned: false,
			status: 'PUBLIC',
			username: 'fan.0',
			display_name: 'Fan 0',
			profile_image: 'https://p16-sign.tiktokcdn-us.com/avatar/fan.0~c5_168x168.jpeg',
		});
		expect(serialiseForLeakCheck(result)).not.toMatch(
			new RegExp(
				allSecrets(env.fake)
					.map((s) => s.replace(/\./g, '\\.'))
					.join('|'),
			),
		);
	});

	it('follows has_more through short pages, not the page size', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID, 40);
		env.fake.business.pageSizes = [30, 4];

		const result = await env.n8n.run({
			parameters: { resource: 'comment', operation: 'getAll', videoId: VIDEO_ID, returnAll: true },
			credentials,
		});

		expect(result.items).toHaveLength(40);
		expect(
			env.fake.requestsTo('/open_api/v1.3/business/comment/list/').map((r) => r.query.cursor),
		).toEqual([undefined, '30', '34']);
	});

	it('stops at the limit and asks each page only for what is still needed', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID, 80);

		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'getAll',
				videoId: VIDEO_ID,
				returnAll: false,
				limit: 40,
			},
			credentials,
		});

		expect(result.items).toHaveLength(40);
		expect(
			env.fake.requestsTo('/open_api/v1.3/business/comment/list/').map((r) => r.query),
		).toEqual([
			{ business_id: BUSINESS_ID, video_id: VIDEO_ID, max_count: '30' },
			{ business_id: BUSINESS_ID, video_id: VIDEO_ID, max_count: '10', cursor: '30' },
		]);
	});

	it('sends status, sort and include_replies, accepts a video link, and outputs the included replies', async () => {
		const credentials = await storeBusinessCredential(env);
		const [first, second] = env.fake.business.seedVideo(VIDEO_ID, 2, { repliesPerComment: 4 });
		env.fake.business.addComment(VIDEO_ID, { text: 'Hidden one', status: 'HIDDEN', likes: 99 });
		first.likes = 50;
		second.likes = 10;

		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'getAll',
				videoId: VIDEO_URL,
				returnAll: false,
				limit: 5,
				options: { status: 'PUBLIC', includeReplies: true },
				sort: { sortField: 'likes', sortOrder: 'desc' },
			},
			credentials,
		});

		expect(result.error).toBeUndefined();
		const [request] = env.fake.requestsTo('/open_api/v1.3/business/comment/list/');
		expect(request.query).toEqual({
			business_id: BUSINESS_ID,
			video_id: VIDEO_ID,
			status: 'PUBLIC',
			sort_field: 'likes',
			sort_order: 'desc',
			include_replies: 'true',
			max_count: '5',
		});
		expect(result.items.map((item) => item.json)).toEqual([
			expectedComment(env.fake, first, true),
			expectedComment(env.fake, second, true),
		]);
		expect((result.items[0].json.reply_list as unknown[]).length).toBe(3);
		expect(result.items[0].json.replies).toBe(4);
	});

	it('keeps 19-digit IDs of included replies exact although TikTok sends them as bare numbers', async () => {
		const credentials = await storeBusinessCredential(env);
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1, { repliesPerComment: 1 });
		const [reply] = env.fake.business.repliesTo(comment.comment_id);

		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'getAll',
				videoId: VIDEO_ID,
				returnAll: true,
				options: { includeReplies: true },
			},
			credentials,
		});

		const lists = env.fake.requestsTo('/open_api/v1.3/business/comment/list/');
		expect(lists).toHaveLength(1);
		const [included] = result.items[0].json.reply_list as Array<{
			comment_id: string;
			video_id: string;
		}>;
		expect(included.comment_id).toBe(reply.comment_id);
		expect(included.video_id).toBe(VIDEO_ID);
		expect(Number(reply.comment_id).toString()).not.toBe(reply.comment_id); // JSON.parse alone would have rounded it
	});

	it('drops a comment TikTok sends again on a later page (it may repeat past 500 comments)', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID, 35);
		const sorted = env.fake.business
			.topLevel(VIDEO_ID)
			.sort((a, b) => b.create_time - a.create_time);
		// The second page repeats the first comment.
		env.fake.beforeHandle = (request) => {
			if (request.path.endsWith('/business/comment/list/') && request.query.cursor === '30') {
				env.fake.injectFault(
					'GET',
					request.path,
					1,
					env.fake.business.answer(0, 'OK', {
						comments: [sorted[0], ...sorted.slice(30)].map((c) => ({
							...c,
							create_time: String(c.create_time),
							replies: 0,
						})),
						cursor: 35,
						has_more: false,
					}),
				);
			}
		};

		const result = await env.n8n.run({
			parameters: { resource: 'comment', operation: 'getAll', videoId: VIDEO_ID, returnAll: true },
			credentials,
		});

		expect(result.items.map((item) => item.json.comment_id)).toEqual(
			sorted.map((c) => c.comment_id),
		);
	});

	it('pairs the comments of each input item with that item', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID, 2);
		env.fake.business.seedVideo('7300000000000000002', 1);

		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'getAll',
				videoId: '={{ $json.video }}',
				returnAll: true,
			},
			items: [{ json: { video: VIDEO_ID } }, { json: { video: '7300000000000000002' } }],
			credentials,
		});

		expect(result.items.map((item) => [item.json.video_id, item.pairedItem])).toEqual([
			[VIDEO_ID, { item: 0 }],
			[VIDEO_ID, { item: 0 }],
			['7300000000000000002', { item: 1 }],
		]);
	});

	it('returns nothing (no items) for a video without comments', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID, 0);
		const result = await env.n8n.run({
			parameters: { resource: 'comment', operation: 'getAll', videoId: VIDEO_ID, returnAll: true },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
	});
});

describe('Comment > Get Replies', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('returns every reply to a comment over 3 pages, with parent_comment_id', async () => {
		const credentials = await storeBusinessCredential(env);
		const [parent] = env.fake.business.seedVideo(VIDEO_ID, 1, { repliesPerComment: 65 });
		const replies = env.fake.business
			.repliesTo(parent.comment_id)
			.sort((a, b) => b.create_time - a.create_time);

		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'getReplies',
				videoId: VIDEO_ID,
				commentId: parent.comment_id,
				returnAll: true,
			},
			credentials,
		});

		expect(result.error).toBeUndefined();
		const calls = env.fake.requestsTo('/open_api/v1.3/business/comment/reply/list/');
		for (const call of calls) expectBusinessCall(call, 'GET', 'business/comment/reply/list/');
		expect(calls.map((r) => r.query)).toEqual([
			{
				business_id: BUSINESS_ID,
				video_id: VIDEO_ID,
				comment_id: parent.comment_id,
				max_count: '30',
			},
			{
				business_id: BUSINESS_ID,
				video_id: VIDEO_ID,
				comment_id: parent.comment_id,
				max_count: '30',
				cursor: '30',
			},
			{
				business_id: BUSINESS_ID,
				video_id: VIDEO_ID,
				comment_id: parent.comment_id,
				max_count: '30',
				cursor: '60',
			},
		]);
		expect(result.items).toEqual(
			replies.map((reply) => ({ json: expectedComment(env.fake, reply), pairedItem: { item: 0 } })),
		);
		expect(result.items.every((item) => item.json.parent_comment_id === parent.comment_id)).toBe(
			true,
		);
	});

	it('sends the smart sort order and the status, and stops at the limit', async () => {
		const credentials = await storeBusinessCredential(env);
		const [parent] = env.fake.business.seedVideo(VIDEO_ID, 1, { repliesPerComment: 5 });

		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'getReplies',
				videoId: VIDEO_ID,
				commentId: ` ${parent.comment_id} `,
				returnAll: false,
				limit: 2,
				options: { status: 'ALL' },
				sort: { sortOrder: 'smart', sortField: 'create_time' },
			},
			credentials,
		});

		expect(result.items).toHaveLength(2);
		expect(
			env.fake.requestsTo('/open_api/v1.3/business/comment/reply/list/').map((r) => r.query),
		).toEqual([
			{
				business_id: BUSINESS_ID,
				video_id: VIDEO_ID,
				comment_id: parent.comment_id,
				status: 'ALL',
				sort_field: 'create_time',
				sort_order: 'smart',
				max_count: '2',
			},
		]);
	});
});
