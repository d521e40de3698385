/**
 * Comment > Reply, Hide, Unhide and Delete through n8n-core's engine against the strict fake of
 * the TikTok API for Business: exact JSON bodies (business_id from the credential), exact outputs,
 * and the checks made before any call (text length, IDs, the deletion switch).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { serialiseForLeakCheck } from '../harness/engine.mts';
import {
	allSecrets,
	businessApiCalls,
	expectBusinessCall,
	storeBusinessCredential,
	VIDEO_ID,
	VIDEO_URL,
} from '../harness/business.mts';
import { createTikTokTestEnv, type TikTokTestEnv } from '../harness/tiktok-env.mts';

const BUSINESS_ID = '-000BusinessOpenIdOfTheBrand';

/** Requests other than the credential's first token fetch. */

describe('Comment > Reply', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('posts the reply as JSON and outputs the new comment', async () => {
		const credentials = await storeBusinessCredential(env);
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1);
		const text = 'Thanks for watching! 🙌 More on Friday.';

		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'reply',
				videoId: VIDEO_URL,
				commentId: comment.comment_id,
				text: `  ${text}\n`,
			},
			credentials,
		});

		expect(result.error).toBeUndefined();
		const calls = businessApiCalls(env);
		expect(calls).toHaveLength(1);
		expectBusinessCall(calls[0], 'POST', 'business/comment/reply/create/');
		expect(calls[0].json).toEqual({
			business_id: BUSINESS_ID,
			video_id: VIDEO_ID,
			comment_id: comment.comment_id,
			text,
		});
		const [reply] = env.fake.business.repliesTo(comment.comment_id);
		expect(reply).toMatchObject({ text, owner: true });
		expect(result.items).toEqual([
			{
				json: {
					video_id: VIDEO_ID,
					parent_comment_id: comment.comment_id,
					comment_id: reply.comment_id,
					create_time: String(reply.create_time),
					text,
					user_id: `user-${env.fake.business.openId}`,
					unique_identifier: `uid-${env.fake.business.openId}`,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(serialiseForLeakCheck(result)).not.toContain(env.fake.business.appSecret);
	});

	it('accepts exactly 150 characters, counting an emoji once', async () => {
		const credentials = await storeBusinessCredential(env);
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1);
		const text = `${'a'.repeat(149)}🎉`;
		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'reply',
				videoId: VIDEO_ID,
				commentId: comment.comment_id,
				text,
			},
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect((businessApiCalls(env)[0].json as { text: string }).text).toBe(text);
	});

	it.each([
		[
			'151 characters',
			'b'.repeat(151),
			'The reply "Text" is 151 characters long; TikTok allows 150',
			'Shorten it by 1 character.',
		],
		[
			'only spaces',
			'   ',
			'The reply "Text" is empty',
			'Enter the text to post, up to 150 characters.',
		],
	])('refuses %s before any call', async (_name, text, message, fix) => {
		const credentials = await storeBusinessCredential(env);
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1);
		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'reply',
				videoId: VIDEO_ID,
				commentId: comment.comment_id,
				text,
			},
			credentials,
		});
		expect(env.fake.requests).toEqual([]);
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toContain(fix);
	});
});

describe('Comment inputs from expressions (#9.13)', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it.each([
		[
			'reply text that is an object',
			{ text: '={{ $json.reply }}' },
			'"Text" must be text, but the expression gave an object',
			'Map the text field inside it',
		],
		[
			'a comment ID that is a list',
			{ commentId: '={{ $json.ids }}' },
			'"Comment ID" must be text, but the expression gave a list of 2 values',
			'Map a single entry',
		],
		[
			'a video that is an object',
			{ videoId: '={{ $json.reply }}' },
			'"Video" must be text, but the expression gave an object',
			'Map the text field inside it',
		],
		[
			'reply text that is true',
			{ text: '={{ true }}' },
			'"Text" must be text, but the expression gave true/false (true)',
			'Map a text field',
		],
	])('#9.13 refuses %s before any call', async (_name, extra, message, fix) => {
		const credentials = await storeBusinessCredential(env);
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1);
		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'reply',
				videoId: VIDEO_ID,
				commentId: comment.comment_id,
				text: 'Thanks!',
				...extra,
			},
			credentials,
			items: [
				{ json: { reply: { text: 'Thanks!' }, ids: [comment.comment_id, comment.comment_id] } },
			],
		});
		expect(env.fake.requests).toEqual([]);
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toContain(fix);
	});
});

describe('Comment > Reply: posted at most once', () => {
	const REPLY_PATH = '/open_api/v1.3/business/comment/reply/create/';
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('#11 a reply whose answer was lost (TikTok posted it): Retry On Fail (3 tries) does not post a second reply, and says to check the replies', async () => {
		const credentials = await storeBusinessCredential(env);
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1);
		env.fake.dropAnswers('POST', REPLY_PATH);
		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'reply',
				videoId: VIDEO_ID,
				commentId: comment.comment_id,
				text: 'Thanks!',
			},
			credentials,
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});
		expect(env.fake.business.repliesTo(comment.comment_id)).toHaveLength(1);
		expect(env.fake.requestsTo(REPLY_PATH)).toHaveLength(1);
		expect(result.error?.message).toBe(
			'TikTok may already have this reply: the answer to the request that posts it was lost',
		);
		expect(result.error?.description).toContain('may or may not have reached TikTok');
		expect(result.error?.description).toContain(`comment ${comment.comment_id}`);
	});

	it('#11 a reply TikTok refused (it posted nothing): Retry On Fail sends it again and it is posted once', async () => {
		const credentials = await storeBusinessCredential(env);
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1);
		env.fake.injectFault('POST', REPLY_PATH, 1, env.fake.business.answer(50002, 'Internal error.'));
		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'reply',
				videoId: VIDEO_ID,
				commentId: comment.comment_id,
				text: 'Thanks!',
			},
			credentials,
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.requestsTo(REPLY_PATH)).toHaveLength(2);
		expect(env.fake.business.repliesTo(comment.comment_id)).toHaveLength(1);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			parent_comment_id: comment.comment_id,
			text: 'Thanks!',
		});
	});

	it('#11 two items with the same reply in one run are two replies (one per item)', async () => {
		const credentials = await storeBusinessCredential(env);
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1);
		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'reply',
				videoId: VIDEO_ID,
				commentId: comment.comment_id,
				text: 'Thanks!',
			},
			credentials,
			items: [{ json: {} }, { json: {} }],
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.requestsTo(REPLY_PATH)).toHaveLength(2);
		expect(env.fake.business.repliesTo(comment.comment_id)).toHaveLength(2);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('Comment > Hide and Unhide', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it("hides and unhides anyone's comment with the documented body", async () => {
		const credentials = await storeBusinessCredential(env);
		const [comment] = env.fake.business.seedVideo(VIDEO_ID, 1);

		const hidden = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'hide',
				videoId: VIDEO_ID,
				commentId: comment.comment_id,
			},
			credentials,
		});
		expect(hidden.error).toBeUndefined();
		expect(hidden.items).toEqual([
			{
				json: { comment_id: comment.comment_id, video_id: VIDEO_ID, hidden: true },
				pairedItem: { item: 0 },
			},
		]);
		expect(comment.status).toBe('HIDDEN');

		const shown = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'unhide',
				videoId: VIDEO_URL,
				commentId: comment.comment_id,
			},
			credentials,
		});
		expect(shown.items).toEqual([
			{
				json: { comment_id: comment.comment_id, video_id: VIDEO_ID, hidden: false },
				pairedItem: { item: 0 },
			},
		]);
		expect(comment.status).toBe('PUBLIC');

		const calls = businessApiCalls(env);
		expect(calls).toHaveLength(2);
		for (const call of calls) expectBusinessCall(call, 'POST', 'business/comment/hide/');
		expect(calls.map((c) => c.json)).toEqual([
			{
				business_id: BUSINESS_ID,
				video_id: VIDEO_ID,
				comment_id: comment.comment_id,
				action: 'HIDE',
			},
			{
				business_id: BUSINESS_ID,
				video_id: VIDEO_ID,
				comment_id: comment.comment_id,
				action: 'UNHIDE',
			},
		]);
		// The second run used the stored access token: one token fetch in all.
		expect(env.fake.requestsTo('/open_api/v1.3/tt_user/')).toHaveLength(1);
	});
});

describe('Comment > Delete', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it("deletes one of the account's own comments when deletion is allowed in the node", async () => {
		const credentials = await storeBusinessCredential(env);
		env.fake.business.seedVideo(VIDEO_ID, 1);
		const own = env.fake.business.addComment(VIDEO_ID, { text: 'Typo, sorry', owner: true });

		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'delete',
				commentId: own.comment_id,
				confirmDelete: true,
			},
			credentials,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{ json: { comment_id: own.comment_id, deleted: true }, pairedItem: { item: 0 } },
		]);
		const calls = businessApiCalls(env);
		expect(calls).toHaveLength(1);
		expectBusinessCall(calls[0], 'POST', 'business/comment/delete/');
		expect(calls[0].json).toEqual({ business_id: BUSINESS_ID, comment_id: own.comment_id });
		expect(env.fake.business.find(own.comment_id)).toBeUndefined();
	});

	it('maps TikTok\'s refusal for someone else\'s comment to "use Hide", keeping the request ID', async () => {
		const credentials = await storeBusinessCredential(env);
		const [theirs] = env.fake.business.seedVideo(VIDEO_ID, 1);

		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'delete',
				commentId: theirs.comment_id,
				confirmDelete: true,
			},
			credentials,
		});

		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('TikTok refused to delete this comment (40001)');
		expect(result.error?.description).toMatch(
			new RegExp(
				"^TikTok only deletes comments the connected account wrote itself\\. To take someone else's comment out of view, use Hide instead \\(Unhide reverses it\\)\\. " +
					'TikTok says: "Only comments created by the authorized account can be deleted\\."\\. TikTok request ID: 20261122\\d{12}BIZ$',
			),
		);
		expect(env.fake.business.find(theirs.comment_id)).toBeDefined();
	});

	it.each([
		['left off', undefined, 'Turn on "Allow Permanent Deletion" in the node'],
		['switched off', false, 'Turn on "Allow Permanent Deletion" in the node'],
		[
			'set by an expression (as an AI agent would)',
			'={{ $fromAI("confirm", "", "boolean") }}',
			'expressions (including values chosen by an AI agent) are not accepted',
		],
		[
			'set by an expression that is true',
			'={{ true }}',
			'expressions (including values chosen by an AI agent) are not accepted',
		],
	])('refuses before any call when deletion is %s', async (_name, confirmDelete, fix) => {
		const credentials = await storeBusinessCredential(env);
		const own = env.fake.business.addComment(VIDEO_ID, { text: 'mine', owner: true });
		env.fake.business.videos.set(VIDEO_ID, env.fake.business.openId);
		const parameters: Record<string, unknown> = {
			resource: 'comment',
			operation: 'delete',
			commentId: own.comment_id,
		};
		if (confirmDelete !== undefined) parameters.confirmDelete = confirmDelete;

		const result = await env.n8n.run({ parameters: parameters as never, credentials });

		expect(env.fake.requests).toEqual([]);
		expect(result.error?.message).toBe('Deleting is not allowed for this node');
		expect(result.error?.description).toContain(fix);
		expect(env.fake.business.find(own.comment_id)).toBeDefined();
	});

	it('never shows a secret in the refusal', async () => {
		const credentials = await storeBusinessCredential(env);
		const [theirs] = env.fake.business.seedVideo(VIDEO_ID, 1);
		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'delete',
				commentId: theirs.comment_id,
				confirmDelete: true,
			},
			credentials,
		});
		const text = serialiseForLeakCheck(result);
		for (const secret of allSecrets(env.fake)) expect(text).not.toContain(secret);
	});
});
