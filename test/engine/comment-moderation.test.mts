/**
 * Comment > Create, Pin, Unpin, Like and Unlike through n8n-core's engine against the strict fake
 * of the TikTok API for Business: exact requests (business_id from the credential), exact
 * outputs, the checks made before any call, Create sent at most once, the refusals of a pin that
 * TikTok does not allow, and the fake's own strictness on these endpoints.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failedItem } from '../harness/engine.mts';

import {
	businessApiCalls,
	expectBusinessCall,
	storeBusinessCredential,
	VIDEO_ID,
	VIDEO_URL,
} from '../harness/business.mts';
import { createTikTokTestEnv, type TikTokTestEnv } from '../harness/tiktok-env.mts';

const BUSINESS_ID = '-000BusinessOpenIdOfTheBrand';
const OTHER_VIDEO_ID = '7300000000000000099';
const CREATE_PATH = '/open_api/v1.3/business/comment/create/';
const PIN_PATH = '/open_api/v1.3/business/comment/pin/';
const LIKE_PATH = '/open_api/v1.3/business/comment/like/';
const REQUEST_ID = /TikTok request ID: 20261122\d{12}BIZ$/;

describe('Comment > Create', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('posts the comment as JSON and outputs it with IDs as text', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID, 2);
		const text = 'New video on Friday 🎬 #behindthescenes';

		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'create',
				videoId: VIDEO_URL,
				text: ` ${text}\n`,
			},
			credentials,
		});

		expect(result.error).toBeUndefined();
		const calls = businessApiCalls(env);
		expect(calls).toHaveLength(1);
		expectBusinessCall(calls[0], 'POST', 'business/comment/create/');
		expect(calls[0].json).toEqual({ business_id: BUSINESS_ID, video_id: VIDEO_ID, text });
		const created = env.fake.business.topLevel(VIDEO_ID).find((c) => c.text === text)!;
		expect(created).toMatchObject({ owner: true, pinned: false });
		expect(created.create_time).toBe(Math.floor(env.fake.now() / 1000));
		expect(result.items).toEqual([
			{
				json: {
					video_id: VIDEO_ID,
					comment_id: created.comment_id,
					create_time: String(created.create_time),
					text,
					user_id: `user-${env.fake.business.openId}`,
					unique_identifier: `uid-${env.fake.business.openId}`,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(typeof result.items[0].json.comment_id).toBe('string');
	});

	it('accepts exactly 150 characters, counting an emoji once', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID);
		const text = `${'a'.repeat(149)}🎉`;
		const result = await env.n8n.run({
			parameters: { resource: 'comment', operation: 'create', videoId: VIDEO_ID, text },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect((businessApiCalls(env)[0].json as { text: string }).text).toBe(text);
	});

	it.each([
		[
			'151 characters',
			'b'.repeat(151),
			'The comment "Text" is 151 characters long; TikTok allows 150',
			'Shorten it by 1 character.',
		],
		[
			'only spaces',
			' \n ',
			'The comment "Text" is empty',
			'Enter the text to post, up to 150 characters.',
		],
	])('refuses %s before any call', async (_name, text, message, fix) => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID);
		const result = await env.n8n.run({
			parameters: { resource: 'comment', operation: 'create', videoId: VIDEO_ID, text },
			credentials,
		});
		expect(env.fake.requests).toEqual([]);
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toContain(fix);
	});

	it("a video that is not the account's: TikTok's refusal, its message and the request ID", async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID);
		const result = await env.n8n.run({
			parameters: { resource: 'comment', operation: 'create', videoId: OTHER_VIDEO_ID, text: 'Hi' },
			credentials,
		});
		expect(result.error?.message).toBe('TikTok refused to post this comment (40002)');
		expect(result.error?.description).toMatch(
			/^TikTok posts comments of up to 150 characters on the connected account's own videos/,
		);
		expect(result.error?.description).toContain(
			'TikTok says: "video_id does not belong to this account.".',
		);
		expect(result.error?.description).toMatch(REQUEST_ID);
	});
});

describe('Comment > Create: posted at most once', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	const create = {
		resource: 'comment',
		operation: 'create',
		videoId: VIDEO_ID,
		text: 'Thanks all!',
	};

	it('a comment whose answer was lost (TikTok posted it): Retry On Fail (3 tries) does not post a second one, and says to check the comments', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID);
		env.fake.dropAnswers('POST', CREATE_PATH);
		const result = await env.n8n.run({
			parameters: create,
			credentials,
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});
		expect(env.fake.business.topLevel(VIDEO_ID)).toHaveLength(1);
		expect(env.fake.requestsTo(CREATE_PATH)).toHaveLength(1);
		expect(result.error?.message).toBe(
			'TikTok may already have this comment: the answer to the request that posts it was lost',
		);
		expect(result.error?.description).toContain('may or may not have reached TikTok');
		expect(result.error?.description).toContain(`video ${VIDEO_ID}`);
	});

	it('a comment TikTok refused (it posted nothing): Retry On Fail sends it again and it is posted once', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID);
		env.fake.injectFault(
			'POST',
			CREATE_PATH,
			1,
			env.fake.business.answer(50002, 'Internal error.'),
		);
		const result = await env.n8n.run({
			parameters: create,
			credentials,
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.requestsTo(CREATE_PATH)).toHaveLength(2);
		expect(env.fake.business.topLevel(VIDEO_ID)).toHaveLength(1);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ video_id: VIDEO_ID, text: 'Thanks all!' });
	});

	it('two items with the same comment in one run are two comments (one per item)', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID);
		const result = await env.n8n.run({
			parameters: create,
			credentials,
			items: [{ json: {} }, { json: {} }],
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.requestsTo(CREATE_PATH)).toHaveLength(2);
		expect(env.fake.business.topLevel(VIDEO_ID)).toHaveLength(2);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('the same comment through Loop Over Items (batch size 1) is one comment per iteration', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID);
		const result = await env.n8n.run({
			parameters: create,
			credentials,
			items: [{ json: {} }, { json: {} }],
			loop: { batchSize: 1 },
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.requestsTo(CREATE_PATH)).toHaveLength(2);
		expect(env.fake.business.topLevel(VIDEO_ID)).toHaveLength(2);
	});

	it("an AI agent's tool call whose answer was lost: the tool's Retry On Fail (3 tries, 3 runs) posts no second comment", async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID);
		env.fake.dropAnswers('POST', CREATE_PATH);
		const result = await env.n8n.run({
			parameters: create,
			credentials,
			agent: { calls: [{}] },
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});
		expect(result.run.data.resultData.runData.TikTok).toHaveLength(3);
		expect(result.items).toHaveLength(1);
		expect(String(result.items[0].json.error)).toMatch(
			/^TikTok may already have this comment: the answer to the request that posts it was lost/,
		);
		expect(env.fake.requestsTo(CREATE_PATH)).toHaveLength(1);
		expect(env.fake.business.topLevel(VIDEO_ID)).toHaveLength(1);
	});
});

describe('Comment > Reply: posted at most once across tool calls', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it("an AI agent's tool call whose answer was lost: the tool's Retry On Fail (3 tries, 3 runs) posts no second reply", async () => {
		const credentials = await storeBusinessCredential(env);
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1);
		const replyPath = '/open_api/v1.3/business/comment/reply/create/';
		env.fake.dropAnswers('POST', replyPath);
		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'reply',
				videoId: VIDEO_ID,
				commentId: comment.comment_id,
				text: 'Thanks!',
			},
			credentials,
			agent: { calls: [{}] },
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});
		expect(result.run.data.resultData.runData.TikTok).toHaveLength(3);
		expect(String(result.items[0].json.error)).toMatch(
			/^TikTok may already have this reply: the answer to the request that posts it was lost/,
		);
		expect(env.fake.requestsTo(replyPath)).toHaveLength(1);
		expect(env.fake.business.repliesTo(comment.comment_id)).toHaveLength(1);
	});
});

describe('Comment > Pin and Unpin', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	const pin = (commentId: string, operation = 'pin', videoId = VIDEO_ID) => ({
		resource: 'comment',
		operation,
		videoId,
		commentId,
	});

	it('pins with the documented body, replacing the comment pinned before, and unpins', async () => {
		const credentials = await storeBusinessCredential(env);
		const [first, second] = env.fake.business.seedVideo(VIDEO_ID, 2);

		const pinnedFirst = await env.n8n.run({ parameters: pin(first.comment_id), credentials });
		expect(pinnedFirst.items).toEqual([
			{
				json: { comment_id: first.comment_id, video_id: VIDEO_ID, pinned: true },
				pairedItem: { item: 0 },
			},
		]);
		expect(first.pinned).toBe(true);

		const pinnedSecond = await env.n8n.run({
			parameters: { ...pin(second.comment_id), videoId: VIDEO_URL },
			credentials,
		});
		expect(pinnedSecond.error).toBeUndefined();
		expect([first.pinned, second.pinned]).toEqual([false, true]);

		const unpinned = await env.n8n.run({
			parameters: pin(second.comment_id, 'unpin'),
			credentials,
		});
		expect(unpinned.items).toEqual([
			{
				json: { comment_id: second.comment_id, video_id: VIDEO_ID, pinned: false },
				pairedItem: { item: 0 },
			},
		]);
		expect([first.pinned, second.pinned]).toEqual([false, false]);

		const calls = businessApiCalls(env);
		for (const call of calls) expectBusinessCall(call, 'POST', 'business/comment/pin/');
		expect(calls.map((c) => c.json)).toEqual([
			{ business_id: BUSINESS_ID, video_id: VIDEO_ID, comment_id: first.comment_id, action: 'PIN' },
			{
				business_id: BUSINESS_ID,
				video_id: VIDEO_ID,
				comment_id: second.comment_id,
				action: 'PIN',
			},
			{
				business_id: BUSINESS_ID,
				video_id: VIDEO_ID,
				comment_id: second.comment_id,
				action: 'UNPIN',
			},
		]);
	});

	it("#11 a comment of another video: refused with TikTok's message, saying it must be on that video", async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID, 1);
		const [elsewhere] = env.fake.business.seedVideo(OTHER_VIDEO_ID, 1);

		const result = await env.n8n.run({ parameters: pin(elsewhere.comment_id), credentials });

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('TikTok refused to pin this comment (40002)');
		expect(result.error?.description).toMatch(
			/^TikTok pins only a top-level comment of the chosen video: the comment must be on that video \(not on another one\) and must not be a reply\./,
		);
		expect(result.error?.description).toContain('TikTok says: "comment_id is invalid.".');
		expect(result.error?.description).toMatch(REQUEST_ID);
		expect(elsewhere.pinned).toBe(false);
		expect(businessApiCalls(env)).toHaveLength(1);
	});

	it("a reply: refused with TikTok's message", async () => {
		const credentials = await storeBusinessCredential(env);
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1, { repliesPerComment: 1 });
		const [reply] = env.fake.business.repliesTo(comment.comment_id);

		const result = await env.n8n.run({ parameters: pin(reply.comment_id), credentials });

		expect(result.error?.message).toBe('TikTok refused to pin this comment (40002)');
		expect(result.error?.description).toContain('must not be a reply');
		expect(result.error?.description).toContain(
			'TikTok says: "Only top-level comments can be pinned.".',
		);
		expect(reply.pinned).toBe(false);
	});

	it('a TikTok-side error is retried (a pin sets a state: resending cannot pin twice)', async () => {
		const credentials = await storeBusinessCredential(env);
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1);
		env.fake.injectFault('POST', PIN_PATH, 1, env.fake.business.answer(50002, 'Internal error.'));
		const result = await env.n8n.run({ parameters: pin(comment.comment_id), credentials });
		expect(result.error).toBeUndefined();
		expect(env.fake.requestsTo(PIN_PATH)).toHaveLength(2);
		expect(comment.pinned).toBe(true);
	});

	it('with Continue On Fail, outputs the error for the failing item and carries on', async () => {
		const credentials = await storeBusinessCredential(env);
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1, { repliesPerComment: 1 });
		const [reply] = env.fake.business.repliesTo(comment.comment_id);
		const result = await env.n8n.run({
			parameters: pin('={{ $json.id }}'),
			items: [{ json: { id: reply.comment_id } }, { json: { id: comment.comment_id } }],
			continueOnFail: true,
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			failedItem(
				{
					error: 'TikTok refused to pin this comment (40002)',
					message: expect.stringMatching(
						/^TikTok pins only a top-level comment .* TikTok says: "Only top-level comments can be pinned\."\. TikTok request ID: \d{20}BIZ$/,
					),
				},
				0,
			),
			{
				json: { comment_id: comment.comment_id, video_id: VIDEO_ID, pinned: true },
				pairedItem: { item: 1 },
			},
		]);
	});

	it('a token without comment.list.manage: names the scope', async () => {
		const credentials = await storeBusinessCredential(env, { scopes: ['comment.list'] });
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1);
		const result = await env.n8n.run({ parameters: pin(comment.comment_id), credentials });
		expect(result.error?.message).toBe('TikTok says this app has no permission for that (40001)');
		expect(result.error?.description).toMatch(
			/^This operation needs the comment\.list\.manage scope\. The credential's token was granted only: comment\.list\./,
		);
		expect(comment.pinned).toBe(false);
	});
});

describe('Comment > Like and Unlike', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('likes with video_id in the body, a second like changes nothing, and unlikes', async () => {
		const credentials = await storeBusinessCredential(env);
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1, { repliesPerComment: 1 });
		const [reply] = env.fake.business.repliesTo(comment.comment_id);
		const likesBefore = reply.likes;
		const parameters = (operation: string) => ({
			resource: 'comment',
			operation,
			videoId: VIDEO_ID,
			commentId: reply.comment_id,
		});

		const liked = await env.n8n.run({ parameters: parameters('like'), credentials });
		expect(liked.items).toEqual([
			{
				json: { comment_id: reply.comment_id, video_id: VIDEO_ID, liked: true },
				pairedItem: { item: 0 },
			},
		]);
		expect(reply).toMatchObject({ liked: true, likes: likesBefore + 1 });

		const again = await env.n8n.run({ parameters: parameters('like'), credentials });
		expect(again.error).toBeUndefined();
		expect(reply).toMatchObject({ liked: true, likes: likesBefore + 1 });

		const unliked = await env.n8n.run({ parameters: parameters('unlike'), credentials });
		expect(unliked.items).toEqual([
			{
				json: { comment_id: reply.comment_id, video_id: VIDEO_ID, liked: false },
				pairedItem: { item: 0 },
			},
		]);
		expect(reply).toMatchObject({ liked: false, likes: likesBefore });

		const calls = businessApiCalls(env);
		for (const call of calls) expectBusinessCall(call, 'POST', 'business/comment/like/');
		const body = (action: string) => ({
			business_id: BUSINESS_ID,
			video_id: VIDEO_ID,
			comment_id: reply.comment_id,
			action,
		});
		expect(calls.map((c) => c.json)).toEqual([body('LIKE'), body('LIKE'), body('UNLIKE')]);
	});

	it('a rate limit is waited out and the like sent again', async () => {
		const credentials = await storeBusinessCredential(env);
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1);
		env.fake.injectFault(
			'POST',
			LIKE_PATH,
			1,
			env.fake.business.answer(40100, 'App reaches the QPS limit.'),
		);
		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'like',
				videoId: VIDEO_ID,
				commentId: comment.comment_id,
			},
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.requestsTo(LIKE_PATH)).toHaveLength(2);
		expect(comment.liked).toBe(true);
	});

	it('a comment of another video: refused, and the comment stays as it was', async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID, 1);
		const [elsewhere] = env.fake.business.seedVideo(OTHER_VIDEO_ID, 1);
		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'like',
				videoId: VIDEO_ID,
				commentId: elsewhere.comment_id,
			},
			credentials,
		});
		expect(result.error?.message).toBe('TikTok refused to like this comment (40002)');
		expect(result.error?.description).toContain('TikTok says: "comment_id is invalid.".');
		expect(result.error?.description).toMatch(REQUEST_ID);
		expect(elsewhere.liked).toBe(false);
	});
});

describe('The fake is strict on create, pin and like', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	async function send(path: string, body: unknown, accessToken: string) {
		const response = await env.fake.handle({
			method: 'POST',
			url: `https://business-api.tiktok.com/open_api/v1.3/business/comment/${path}/`,
			headers: { 'access-token': accessToken, 'content-type': 'application/json' },
			body: Buffer.from(JSON.stringify(body)),
		});
		expect(response.status).toBe(200);
		return JSON.parse(String(response.body)) as { code: number; message: string };
	}

	it('accepts like with or without video_id, as sources disagree', async () => {
		const { accessToken } = env.fake.business.grantTokens();
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1);
		const base = { business_id: BUSINESS_ID, comment_id: comment.comment_id };
		expect(await send('like', { ...base, action: 'LIKE' }, accessToken)).toMatchObject({ code: 0 });
		expect(comment.liked).toBe(true);
		expect(
			await send('like', { ...base, video_id: VIDEO_ID, action: 'UNLIKE' }, accessToken),
		).toMatchObject({ code: 0 });
		expect(comment.liked).toBe(false);
	});

	it.each([
		[
			"create: a business_id that is not the token's account",
			'create',
			{ business_id: 'someone-else', video_id: VIDEO_ID, text: 'Hi' },
			40001,
		],
		[
			"pin: a business_id that is not the token's account",
			'pin',
			{ business_id: 'someone-else', video_id: VIDEO_ID, comment_id: 'COMMENT', action: 'PIN' },
			40001,
		],
		[
			"like: a business_id that is not the token's account",
			'like',
			{ business_id: 'someone-else', comment_id: 'COMMENT', action: 'LIKE' },
			40001,
		],
		[
			'create: an unknown key',
			'create',
			{ business_id: BUSINESS_ID, video_id: VIDEO_ID, text: 'Hi', comment_id: 'COMMENT' },
			40002,
		],
		[
			'create: text over 150 characters',
			'create',
			{ business_id: BUSINESS_ID, video_id: VIDEO_ID, text: 'x'.repeat(151) },
			40002,
		],
		[
			'create: text that is not a string',
			'create',
			{ business_id: BUSINESS_ID, video_id: VIDEO_ID, text: 42 },
			40002,
		],
		[
			'create: a video_id that is a number',
			'create',
			{ business_id: BUSINESS_ID, video_id: 7300000000000000001, text: 'Hi' },
			40002,
		],
		[
			'pin: no action',
			'pin',
			{ business_id: BUSINESS_ID, video_id: VIDEO_ID, comment_id: 'COMMENT' },
			40002,
		],
		[
			'pin: an unknown action',
			'pin',
			{ business_id: BUSINESS_ID, video_id: VIDEO_ID, comment_id: 'COMMENT', action: 'pin' },
			40002,
		],
		[
			'like: an unknown action',
			'like',
			{ business_id: BUSINESS_ID, comment_id: 'COMMENT', action: 'HIDE' },
			40002,
		],
		[
			'like: a video_id that is not digits',
			'like',
			{ business_id: BUSINESS_ID, video_id: 'abc', comment_id: 'COMMENT', action: 'LIKE' },
			40002,
		],
		[
			"like: a video_id other than the comment's",
			'like',
			{ business_id: BUSINESS_ID, video_id: OTHER_VIDEO_ID, comment_id: 'COMMENT', action: 'LIKE' },
			40002,
		],
		[
			'like: a comment_id that is a number',
			'like',
			{ business_id: BUSINESS_ID, comment_id: 42, action: 'LIKE' },
			40002,
		],
		[
			'like: an unknown key',
			'like',
			{ business_id: BUSINESS_ID, comment_id: 'COMMENT', action: 'LIKE', liked: true },
			40002,
		],
	])('refuses %s', async (_name, path, body, code) => {
		const { accessToken } = env.fake.business.grantTokens();
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1);
		env.fake.business.seedVideo(OTHER_VIDEO_ID, 1);
		const withId = JSON.parse(JSON.stringify(body).replace('"COMMENT"', `"${comment.comment_id}"`));
		const answer = await send(path, withId, accessToken);
		expect(answer.code).toBe(code);
		expect(comment).toMatchObject({ liked: false, pinned: false });
		expect(env.fake.business.topLevel(VIDEO_ID)).toHaveLength(1);
	});
});
