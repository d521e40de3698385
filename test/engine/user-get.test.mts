import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createTikTokTestEnv, storeConnectedOAuth2, type TikTokTestEnv } from '../harness/tiktok-env.mts';

describe('User > Get Profile', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(() => env.stop());

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
		expect(result.items).toEqual([
			{ json: { open_id: env.fake.defaultUser.open_id, display_name: 'Demo Creator' }, pairedItem: { item: 0 } },
		]);
	});
});
