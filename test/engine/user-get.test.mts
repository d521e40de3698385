import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failedItem } from '../harness/engine.mts';

import { TikTok } from '../../nodes/TikTok/TikTok.node.ts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';

describe('User > Get Profile', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('sends GET /v2/user/info/ with fields in the query and outputs the user', async () => {
		const credentials = await storeConnectedOAuth2(env);
		const result = await env.n8n.run({
			parameters: { resource: 'user', operation: 'get', fields: ['open_id', 'display_name'] },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.requests).toHaveLength(1);
		const [request] = env.fake.requests;
		expect(request.method).toBe('GET');
		expect(request.host).toBe('open.tiktokapis.com');
		expect(request.path).toBe('/v2/user/info/');
		expect(request.query).toEqual({ fields: 'open_id,display_name' });
		expect(request.bodyText).toBe('');
		expect(request.headers.authorization).toMatch(/^Bearer act\./);
		expect(request.headers.accept).toBe('application/json');
		expect(request.headers['content-type']).toBeUndefined();
		expect(result.items).toEqual([
			{
				json: { open_id: env.fake.defaultUser.open_id, display_name: 'Demo Creator' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('uses the default fields and returns every documented field when all scopes are granted', async () => {
		const credentials = await storeConnectedOAuth2(env, [
			'user.info.basic',
			'user.info.profile',
			'user.info.stats',
		]);
		const defaults = await env.n8n.run({
			parameters: { resource: 'user', operation: 'get' },
			credentials,
		});
		expect(env.fake.requests[0].query.fields).toBe('open_id,union_id,avatar_url,display_name');
		expect(Object.keys(defaults.items[0].json)).toEqual([
			'open_id',
			'union_id',
			'avatar_url',
			'display_name',
		]);

		const all = [
			'open_id',
			'union_id',
			'avatar_url',
			'avatar_url_100',
			'avatar_large_url',
			'display_name',
			'bio_description',
			'profile_deep_link',
			'is_verified',
			'username',
			'follower_count',
			'following_count',
			'likes_count',
			'video_count',
		];
		const full = await env.n8n.run({
			parameters: { resource: 'user', operation: 'get', fields: all },
			credentials,
		});
		expect(full.items[0].json).toEqual({ ...env.fake.defaultUser });
	});

	it('runs once per input item and pairs each output with its item', async () => {
		const credentials = await storeConnectedOAuth2(env);
		const result = await env.n8n.run({
			parameters: { resource: 'user', operation: 'get', fields: ['display_name'] },
			credentials,
			items: [{ json: { a: 1 } }, { json: { a: 2 } }],
		});
		expect(result.items).toEqual([
			{ json: { display_name: 'Demo Creator' }, pairedItem: { item: 0 } },
			{ json: { display_name: 'Demo Creator' }, pairedItem: { item: 1 } },
		]);
		expect(env.fake.requestsTo('/v2/user/info/')).toHaveLength(2);
	});

	it('names the scope to add when a field needs a scope the account did not grant', async () => {
		const credentials = await storeConnectedOAuth2(env, ['user.info.basic']);
		const result = await env.n8n.run({
			parameters: {
				resource: 'user',
				operation: 'get',
				fields: ['display_name', 'follower_count'],
			},
			credentials,
		});
		expect(result.error?.message).toBe(
			'Some requested fields need a permission the TikTok account did not grant (scope_permission_missed)',
		);
		expect(result.error?.description).toContain(
			'The requested fields need: user.info.basic, user.info.stats (Follower Count).',
		);
		expect(result.error?.description).toMatch(/TikTok log ID: \d{26}$/);
		expect((result.error as { httpCode?: string }).httpCode).toBe('400');
	});

	it('refuses an empty field list before calling TikTok', async () => {
		const credentials = await storeConnectedOAuth2(env);
		const empty = await env.n8n.run({
			parameters: { resource: 'user', operation: 'get', fields: [] },
			credentials,
		});
		expect(empty.error?.message).toContain('Parameter "Fields" is required');
		// An expression can still produce an empty list at run time: the node checks it itself.
		const fromExpression = await env.n8n.run({
			parameters: { resource: 'user', operation: 'get', fields: '={{ [] }}' },
			credentials,
		});
		expect(fromExpression.error?.message).toBe('Select at least one field in "Fields"');
		const unknown = await env.n8n.run({
			parameters: {
				resource: 'user',
				operation: 'get',
				fields: '={{ ["display_name", "email"] }}',
			},
			credentials,
		});
		expect(unknown.error?.message).toBe('Unknown profile field(s) in "Fields": email');
		expect(env.fake.requests).toHaveLength(0);
	});

	it('retries a read after a 500, a 429 and a dropped connection, then succeeds', async () => {
		const credentials = await storeConnectedOAuth2(env);
		env.fake.injectFault('GET', '/v2/user/info/');
		env.fake.injectFault('GET', '/v2/user/info/', 1, env.fake.rateLimited());
		env.fake.injectFault('GET', '/v2/user/info/', 1, { drop: true, status: 0 });
		const result = await env.n8n.run({
			parameters: { resource: 'user', operation: 'get', fields: ['display_name'] },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{ json: { display_name: 'Demo Creator' }, pairedItem: { item: 0 } },
		]);
		expect(env.fake.requestsTo('/v2/user/info/').map((r) => r.status)).toEqual([500, 429, 0, 200]);
	});

	it("does not take a 200 without TikTok's envelope for success (e.g. a captive portal page)", async () => {
		const credentials = await storeConnectedOAuth2(env);
		env.fake.injectFault('GET', '/v2/user/info/', 1, {
			status: 200,
			headers: { 'content-type': 'text/html' },
			body: '<html>Sign in to the Wi-Fi</html>',
		});
		const result = await env.n8n.run({
			parameters: { resource: 'user', operation: 'get', fields: ['display_name'] },
			credentials,
		});
		expect(result.error?.message).toBe(
			'TikTok sent an answer the node does not understand (unexpected_response)',
		);
		expect(env.fake.requestsTo('/v2/user/info/')).toHaveLength(1);
	});

	it("gives up after 4 attempts and reports TikTok's message", async () => {
		const credentials = await storeConnectedOAuth2(env);
		env.fake.injectFault('GET', '/v2/user/info/', 4);
		const result = await env.n8n.run({
			parameters: { resource: 'user', operation: 'get', fields: ['display_name'] },
			credentials,
		});
		expect(env.fake.requestsTo('/v2/user/info/')).toHaveLength(4);
		expect(result.error?.message).toBe('TikTok had an internal error (internal_error)');
	});

	it('with Continue On Fail, outputs the error on the failing item and carries on', async () => {
		const credentials = await storeConnectedOAuth2(env, ['user.info.basic']);
		const result = await env.n8n.run({
			parameters: { resource: 'user', operation: 'get', fields: ['follower_count'] },
			credentials,
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items[1]).toEqual(
			failedItem(
				{
					error:
						'Some requested fields need a permission the TikTok account did not grant (scope_permission_missed)',
					message: expect.stringContaining('user.info.stats'),
				},
				1,
			),
		);
	});

	it('with Continue (using error output), sends the failing items to the error output', async () => {
		const credentials = await storeConnectedOAuth2(env, ['user.info.basic']);
		const result = await env.n8n.run({
			parameters: { resource: 'user', operation: 'get', fields: ['follower_count'] },
			credentials,
			errorOutput: true,
			items: [{ json: { brand: 'a' } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([]);
		expect(result.errorItems).toEqual([
			failedItem(
				{
					error:
						'Some requested fields need a permission the TikTok account did not grant (scope_permission_missed)',
					message: expect.stringContaining('user.info.stats'),
				},
				0,
			),
		]);
	});

	it('is usable as an AI tool', () => {
		expect(new TikTok().description.usableAsTool).toBe(true);
	});
});
