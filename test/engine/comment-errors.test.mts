/**
 * How the Comment resource fails: every Business API envelope with `code !== 0` (HTTP 200, as
 * TikTok answers) mapped to an actionable message with TikTok's request ID kept; rate limits and
 * server errors backed off and retried for reads only; bad input refused before any call.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { FakeResponse } from '../fake/tiktok.mts';
import { failedItem, serialiseForLeakCheck } from '../harness/engine.mts';
import {
	allSecrets,
	BUSINESS_CREDENTIAL,
	storeBusinessCredential,
	VIDEO_ID,
} from '../harness/business.mts';
import { createTikTokTestEnv, type TikTokTestEnv } from '../harness/tiktok-env.mts';

const LIST_PATH = '/open_api/v1.3/business/comment/list/';
const REPLY_PATH = '/open_api/v1.3/business/comment/reply/create/';
const listComments = {
	resource: 'comment',
	operation: 'getAll',
	videoId: VIDEO_ID,
	returnAll: true,
};

describe('Comment errors', () => {
	let env: TikTokTestEnv;
	let credentials: Awaited<ReturnType<typeof storeBusinessCredential>>;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
		env.fake.business.seedVideo(VIDEO_ID, 2);
		credentials = await storeBusinessCredential(env);
	});
	afterEach(async () => await env.stop());

	/** An envelope error as TikTok sends it: HTTP 200, a non-zero code, a request ID. */
	function envelope(code: number, message: string): FakeResponse {
		return env.fake.business.answer(code, message);
	}

	function lastRequestId(result: { error?: { description?: string | null } }): string {
		return /TikTok request ID: (\S+)$/.exec(result.error?.description ?? '')?.[1] ?? '';
	}

	describe('each documented return code', () => {
		it.each([
			[
				40001,
				'Permission denied: the scope comment.list is not authorized.',
				'TikTok says this app has no permission for that (40001)',
				'This operation needs the comment.list scope. The connected account must have granted the scope',
			],
			[
				40002,
				'video_id is invalid.',
				'TikTok rejected a parameter (40002)',
				"Video and comment IDs must come from the connected account's own videos",
			],
			[
				40101,
				'Invalid app_id or secret.',
				'TikTok rejected the App ID or Secret (40101)',
				'not a TikTok for Developers client key',
			],
			[
				41234,
				'Something new.',
				'TikTok returned an error: 41234',
				'TikTok says: "Something new.". If the message does not explain it, contact TikTok API for Business support with the request ID.',
			],
		])(
			'%s → an actionable message with the request ID',
			async (code, tikTokMessage, message, fix) => {
				env.fake.injectFault('GET', LIST_PATH, 1, envelope(code, tikTokMessage));
				const result = await env.n8n.run({ parameters: listComments, credentials });
				expect(result.items).toEqual([]);
				expect(result.error?.message).toBe(message);
				expect(result.error?.description).toContain(fix);
				expect(result.error?.description).toContain(`TikTok says: "${tikTokMessage}".`);
				expect(lastRequestId(result)).toMatch(/^\d{20}BIZ$/);
				expect(env.fake.requestsTo(LIST_PATH)).toHaveLength(1);
				const text = serialiseForLeakCheck(result);
				for (const secret of allSecrets(env.fake)) expect(text).not.toContain(secret);
			},
		);

		it.each([
			[
				40102,
				'Access token has expired.',
				'The TikTok Business access token expired (40102)',
				'authorize the app again',
			],
			[
				40104,
				'Access token is empty.',
				'TikTok received no access token (40104)',
				'Paste a refresh token or an authorization code',
			],
			[
				40105,
				'Access token is incorrect or has been revoked.',
				'TikTok says the access token is incorrect or was revoked (40105)',
				'authorize the app again',
			],
			// An unconfirmed code, recognised by TikTok's wording.
			[
				40199,
				'Access token is invalid.',
				'TikTok refused the access token (40199)',
				'authorize the app again',
			],
		])(
			'%s → one refresh and resend, then an actionable message if TikTok still refuses',
			async (code, tikTokMessage, message, fix) => {
				env.fake.injectFault('GET', LIST_PATH, 2, envelope(code, tikTokMessage));
				const result = await env.n8n.run({ parameters: listComments, credentials });
				expect(result.error?.message).toBe(message);
				expect(result.error?.description).toContain(fix);
				expect(lastRequestId(result)).toMatch(/^\d{20}BIZ$/);
				expect(env.fake.requests.map((r) => r.path.replace('/open_api/v1.3/', ''))).toEqual([
					'tt_user/oauth2/refresh_token/',
					'business/comment/list/',
					'tt_user/oauth2/refresh_token/',
					'business/comment/list/',
				]);
			},
		);

		it('a missing scope → names the scope the operation needs and the ones the token has', async () => {
			const readOnly = await storeBusinessCredential(env, {
				scopes: ['user.info.basic', 'comment.list'],
			});
			const [comment] = env.fake.business.topLevel(VIDEO_ID);
			const result = await env.n8n.run({
				parameters: {
					resource: 'comment',
					operation: 'reply',
					videoId: VIDEO_ID,
					commentId: comment.comment_id,
					text: 'Hi',
				},
				credentials: readOnly,
			});
			expect(result.error?.message).toBe('TikTok says this app has no permission for that (40001)');
			expect(result.error?.description).toMatch(
				/^This operation needs the comment\.list\.manage scope\. The credential's token was granted only: user\.info\.basic, comment\.list\. The connected account must have granted/,
			);
			expect(result.error?.description).toContain(
				'TikTok says: "Permission denied: the scope comment.list.manage is not authorized.".',
			);
			expect(env.fake.business.repliesTo(comment.comment_id)).toEqual([]);
		});

		it('a 2xx answer without the envelope → an error, never an empty success', async () => {
			env.fake.injectFault('GET', LIST_PATH, 1, {
				status: 200,
				headers: { 'content-type': 'text/html' },
				body: '<html>Login to the proxy</html>',
			});
			const result = await env.n8n.run({ parameters: listComments, credentials });
			expect(result.items).toEqual([]);
			expect(result.error?.message).toBe(
				'TikTok sent an answer the node does not understand (unexpected_response)',
			);
			expect(env.fake.requestsTo(LIST_PATH)).toHaveLength(1);
		});

		it('40105 once → refreshed and resent transparently', async () => {
			env.fake.injectFault(
				'GET',
				LIST_PATH,
				1,
				envelope(40105, 'Access token is incorrect or has been revoked.'),
			);
			const result = await env.n8n.run({ parameters: listComments, credentials });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(2);
		});

		it('40110 from the code exchange → how to get a new code', async () => {
			const details = await env.store.add(BUSINESS_CREDENTIAL, {
				appId: env.fake.business.appId,
				appSecret: env.fake.business.appSecret,
				authorizationCode: 'bizcode.spent',
				redirectUri: 'https://n8n.example.test/tiktok/callback/',
			});
			const result = await env.n8n.run({
				parameters: listComments,
				credentials: { tikTokBusinessOAuth2Api: details },
			});
			expect(result.error?.message).toBe('TikTok refused the authorization code (40110)');
			expect(result.error?.description).toContain(
				'An authorization code works once and for 10 minutes',
			);
			expect(result.error?.description).toContain('TikTok says: "Invalid auth_code.".');
			expect(lastRequestId(result)).toMatch(/^\d{20}BIZ$/);
		});
	});

	describe('rate limits and server errors', () => {
		it.each([
			['40100', () => envelope(40100, 'App reaches the QPS limit.')],
			[
				'HTTP 429',
				() => ({
					status: 429,
					headers: { 'content-type': 'text/plain' },
					body: 'Too Many Requests',
				}),
			],
			['50000', () => envelope(50000, 'System error.')],
			[
				'HTTP 502',
				() => ({
					status: 502,
					headers: { 'content-type': 'text/html' },
					body: '<html>Bad Gateway</html>',
				}),
			],
			['a dropped connection', () => ({ status: 0, drop: true })],
		])('a read backs off and retries after %s', async (_name, fault) => {
			env.fake.injectFault('GET', LIST_PATH, 2, fault());
			const result = await env.n8n.run({ parameters: listComments, credentials });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(2);
			expect(env.fake.requestsTo(LIST_PATH)).toHaveLength(3);
		});

		it('a read gives up after 4 attempts with the rate-limit advice', async () => {
			env.fake.injectFault('GET', LIST_PATH, 4, envelope(40100, 'App reaches the QPS limit.'));
			const result = await env.n8n.run({ parameters: listComments, credentials });
			expect(result.error?.message).toBe('TikTok rate limit reached (40100)');
			expect(result.error?.description).toContain('Wait a minute and run again');
			expect(env.fake.requestsTo(LIST_PATH)).toHaveLength(4);
		});

		it("a persistent server error says it is on TikTok's side", async () => {
			env.fake.injectFault('GET', LIST_PATH, 4, envelope(50002, 'Internal error.'));
			const result = await env.n8n.run({ parameters: listComments, credentials });
			expect(result.error?.message).toBe('TikTok had an internal error (50002)');
			expect(result.error?.description).toMatch(
				/^This is on TikTok's side\. Try again later\. TikTok says: "Internal error\."\. TikTok request ID: \d{20}BIZ$/,
			);
		});

		it.each([
			[
				'40100',
				() => envelope(40100, 'App reaches the QPS limit.'),
				'TikTok rate limit reached (40100)',
				'n8n does not retry this automatically',
			],
			[
				'50000',
				() => envelope(50000, 'System error.'),
				'TikTok had an internal error (50000)',
				"This is on TikTok's side",
			],
			[
				'a dropped connection',
				() => ({ status: 0, drop: true }),
				'Could not reach TikTok',
				'may or may not have reached TikTok',
			],
		])(
			'a reply is never retried after %s (it could post twice)',
			async (_name, fault, message, fix) => {
				const [comment] = env.fake.business.topLevel(VIDEO_ID);
				env.fake.injectFault('POST', REPLY_PATH, 1, fault());
				const result = await env.n8n.run({
					parameters: {
						resource: 'comment',
						operation: 'reply',
						videoId: VIDEO_ID,
						commentId: comment.comment_id,
						text: 'Thanks!',
					},
					credentials,
				});
				expect(result.error?.message).toBe(message);
				expect(result.error?.description).toContain(fix);
				expect(env.fake.requestsTo(REPLY_PATH)).toHaveLength(1);
				expect(env.fake.business.repliesTo(comment.comment_id)).toEqual([]);
			},
		);
	});

	it('with Continue On Fail, outputs the error for the failing item and carries on', async () => {
		const [comment] = env.fake.business.topLevel(VIDEO_ID);
		env.fake.injectFault(
			'POST',
			'/open_api/v1.3/business/comment/hide/',
			1,
			envelope(40002, 'comment_id is invalid.'),
		);
		const result = await env.n8n.run({
			parameters: {
				resource: 'comment',
				operation: 'hide',
				videoId: VIDEO_ID,
				commentId: '={{ $json.id }}',
			},
			items: [{ json: { id: comment.comment_id } }, { json: { id: comment.comment_id } }],
			continueOnFail: true,
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			failedItem(
				{
					error: 'TikTok rejected a parameter (40002)',
					message: expect.stringMatching(
						/^Check the value TikTok names\..* TikTok says: "comment_id is invalid\."\. TikTok request ID: \d{20}BIZ$/,
					),
				},
				0,
			),
			{
				json: { comment_id: comment.comment_id, video_id: VIDEO_ID, hidden: true },
				pairedItem: { item: 1 },
			},
		]);
	});

	describe('bad input is refused before any call', () => {
		it.each([
			['a video that is not an ID', { videoId: 'my-video' }, '"my-video" is not a TikTok video ID'],
			['a short link', { videoId: 'https://vm.tiktok.com/ZMabc123/' }, 'is a TikTok short link'],
			[
				'a link to something else',
				{ videoId: 'https://www.tiktok.com/@user' },
				'is not a TikTok video link',
			],
			["no video (n8n's own check)", { videoId: '' }, 'Parameter "Video" is required.'],
			['no video from an expression', { videoId: '={{ "" }}' }, 'No video ID given'],
			[
				'a comment ID that is not a number',
				{ operation: 'getReplies', commentId: 'abc' },
				'"Comment ID" is not a TikTok comment ID: "abc"',
			],
			[
				'a comment ID of 0',
				{ operation: 'hide', commentId: '0' },
				'"Comment ID" is not a TikTok comment ID: "0"',
			],
			[
				"no comment ID (n8n's own check)",
				{ operation: 'unhide', commentId: '' },
				'Parameter "Comment ID" is required.',
			],
			[
				'no comment ID from an expression',
				{ operation: 'unhide', commentId: '={{ $json.missing }}' },
				'"Comment ID" is empty',
			],
			[
				'a comment ID that lost digits as a number',
				{ operation: 'reply', commentId: '={{ 7439000000000000001 }}', text: 'hi' },
				'"Comment ID" arrived as a number and has lost digits',
			],
			[
				'a limit of 0',
				{ returnAll: false, limit: 0 },
				'"Limit" must be a whole number of at least 1, got 0',
			],
			[
				'an unknown status',
				{ options: { status: '={{ "HIDDEN" }}' } },
				'Option "Status" has an unknown value: HIDDEN',
			],
			[
				'an unknown sort order',
				{ sort: { sortOrder: '={{ "random" }}' } },
				'Option "Sort Order" has an unknown value: random',
			],
		])('%s', async (_name, parameters, message) => {
			const result = await env.n8n.run({
				parameters: { ...listComments, commentId: '7439000000000000000', ...parameters } as never,
				credentials,
			});
			expect(result.error?.message).toContain(message);
			expect(env.fake.requests).toEqual([]);
		});
	});
});
