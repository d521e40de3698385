/**
 * Post > Create Video Post as an AI agent's tool: an agent can give a URL but not a binary file,
 * so in the tool variant n8n builds (`…Tool`, where n8n's `@tool` display condition holds) the
 * source defaults to the URL; the plain node still defaults to a binary file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';

const POSTING_SCOPES = ['user.info.basic', 'video.upload', 'video.publish'];
const VIDEO_URL = 'https://media.example.test/verified/clip.mp4';

describe('Create Video Post in tool mode', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	/** What the editor saves when nothing but the URL is filled in: the source stays at its default. */
	const urlOnly = { resource: 'post', operation: 'createVideo', videoUrl: VIDEO_URL };

	it('as a tool, without a Source chosen, posts a draft from the URL TikTok pulls', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({ parameters: urlOnly, credentials, agent: { calls: [{}] } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.error).toBeUndefined();
		expect(env.fake.posts.inits.map((init) => [init.path, init.json])).toEqual([
			[
				'/v2/post/publish/inbox/video/init/',
				{ source_info: { source: 'PULL_FROM_URL', video_url: VIDEO_URL } },
			],
		]);
	});

	it('as a plain node, without a Source chosen, still reads a binary file (and says which field is missing)', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({ parameters: urlOnly, credentials });
		expect(result.error?.message).toMatch(/binary/i);
		expect(env.fake.posts.inits).toEqual([]);
	});
});
