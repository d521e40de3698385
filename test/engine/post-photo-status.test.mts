/** Post > Create Photo Post, Get Status and Get Creator Info through the real engine. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { PublishOutcome } from '../fake/posts.mts';
import { callLoadOptions } from '../harness/load-options.mts';
import {
	createTikTokTestEnv,
	storeConnectedOAuth2,
	storeRefreshTokenCredential,
	type TikTokTestEnv,
} from '../harness/tiktok-env.mts';

const POSTING_SCOPES = ['user.info.basic', 'video.upload', 'video.publish'];
const PHOTOS = [
	'https://media.example.test/verified/1.jpg',
	'https://media.example.test/verified/2.webp',
];

describe('Post > Create Photo Post', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('direct-posts a carousel with the exact body TikTok documents', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createPhoto',
				photoUrls: PHOTOS,
				coverIndex: 1,
				mode: 'directPost',
				title: 'Weekend',
				description: 'Two shots #n8n',
				privacyLevel: 'MUTUAL_FOLLOW_FRIENDS',
				options: { autoAddMusic: true },
			},
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /v2/post/publish/creator_info/query/',
			'POST /v2/post/publish/content/init/',
		]);
		const init = env.fake.requests[1];
		expect(init.headers['content-type']).toBe('application/json; charset=UTF-8');
		expect(init.json).toEqual({
			media_type: 'PHOTO',
			post_mode: 'DIRECT_POST',
			post_info: {
				title: 'Weekend',
				description: 'Two shots #n8n',
				privacy_level: 'MUTUAL_FOLLOW_FRIENDS',
				disable_comment: true,
				auto_add_music: true,
				brand_content_toggle: false,
				brand_organic_toggle: false,
			},
			source_info: { source: 'PULL_FROM_URL', photo_cover_index: 1, photo_images: PHOTOS },
		});
		expect(result.items).toEqual([
			{
				json: {
					publish_id: expect.stringMatching(/^p_pub_url~/),
					status: 'SUBMITTED',
					mode: 'directPost',
					photo_count: 2,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('sends a draft (MEDIA_UPLOAD) without creator info or privacy, and waits for the inbox', async () => {
		const credentials = await storeConnectedOAuth2(env, ['user.info.basic', 'video.upload']);
		env.fake.posts.nextOutcome = { final: 'SEND_TO_USER_INBOX', pollsUntilDone: 1 };
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createPhoto',
				photoUrls: PHOTOS,
				mode: 'draft',
				title: 'Draft',
				options: { waitForCompletion: true },
			},
			credentials,
		});
		expect(result.error).toBeUndefined();
		const init = env.fake.requestsTo('/v2/post/publish/content/init/')[0];
		expect(init.json).toEqual({
			media_type: 'PHOTO',
			post_mode: 'MEDIA_UPLOAD',
			post_info: { title: 'Draft' },
			source_info: { source: 'PULL_FROM_URL', photo_cover_index: 0, photo_images: PHOTOS },
		});
		expect(env.fake.requestsTo('/v2/post/publish/creator_info/')).toHaveLength(0);
		expect(result.items[0].json).toMatchObject({
			status: 'SEND_TO_USER_INBOX',
			post_ids: [],
			mode: 'draft',
		});
		expect(String(result.items[0].json.advice)).toContain("creator's TikTok inbox");
	});

	it('waits for the same post when n8n retries the node, instead of posting the photos again', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		// Status checks fail through every transport retry during the node's first run.
		env.fake.injectFault('POST', '/v2/post/publish/status/fetch/', 4);
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createPhoto',
				photoUrls: PHOTOS,
				mode: 'draft',
				options: { waitForCompletion: true },
			},
			credentials,
			retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.posts.inits).toHaveLength(1);
		expect(env.fake.requestsTo('/v2/post/publish/status/fetch/').map((r) => r.status)).toEqual([
			500, 500, 500, 500, 200, 200,
		]);
		expect(result.items[0].json).toMatchObject({ status: 'PUBLISH_COMPLETE' });
	});

	it.each([
		[
			'a PNG',
			{ photoUrls: ['https://media.example.test/verified/a.png'] },
			'contains a format TikTok refuses',
		],
		['http', { photoUrls: ['http://media.example.test/verified/a.jpg'] }, 'must be https'],
		[
			'a cover index past the end',
			{ coverIndex: 2 },
			'"Cover Index" 2 does not point at one of the 2 photos',
		],
		[
			'36 photos',
			{
				photoUrls: Array.from(
					{ length: 36 },
					(_, i) => `https://media.example.test/verified/${i}.jpg`,
				),
			},
			'has 36 entries',
		],
		['a 91-character title', { title: 'x'.repeat(91) }, '"Title" is 91 characters long'],
	])('refuses %s before calling TikTok', async (_name, extra, message) => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createPhoto',
				photoUrls: PHOTOS,
				mode: 'draft',
				...extra,
			},
			credentials,
		});
		expect(result.error?.message).toContain(message);
		expect(env.fake.requests).toHaveLength(0);
	});
});

describe('Post > Get Status', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	async function startPost(outcome: PublishOutcome) {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.posts.nextOutcome = outcome;
		const created = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'createVideo',
				source: 'url',
				videoUrl: 'https://media.example.test/verified/a.mp4',
				mode: 'draft',
			},
			credentials,
		});
		env.fake.requests.length = 0;
		return { credentials, publishId: String(created.items[0].json.publish_id) };
	}

	it('POSTs the publish ID and keeps a 19-digit post ID exact', async () => {
		const { credentials, publishId } = await startPost({
			final: 'PUBLISH_COMPLETE',
			pollsUntilDone: 0,
			postIds: ['7300000000000000001', '7300000000000000002'],
		});
		const result = await env.n8n.run({
			parameters: { resource: 'post', operation: 'getStatus', publishId },
			credentials,
		});
		expect(result.error).toBeUndefined();
		const [status] = env.fake.requests;
		expect(status).toMatchObject({
			method: 'POST',
			host: 'open.tiktokapis.com',
			path: '/v2/post/publish/status/fetch/',
			json: { publish_id: publishId },
		});
		expect(status.headers['content-type']).toBe('application/json; charset=UTF-8');
		expect(result.items).toEqual([
			{
				json: {
					publish_id: publishId,
					status: 'PUBLISH_COMPLETE',
					post_ids: ['7300000000000000001', '7300000000000000002'],
					post_url: 'https://www.tiktok.com/@demo.creator/video/7300000000000000001',
					downloaded_bytes: 0,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('waits through processing until the post is complete', async () => {
		const { credentials, publishId } = await startPost({
			final: 'PUBLISH_COMPLETE',
			pollsUntilDone: 3,
			postIds: ['7300000000000000009'],
		});
		const result = await env.n8n.run({
			parameters: {
				resource: 'post',
				operation: 'getStatus',
				publishId,
				options: { waitForCompletion: true },
			},
			credentials,
		});
		expect(env.fake.requestsTo('/v2/post/publish/status/fetch/')).toHaveLength(4);
		expect(result.items[0].json).toMatchObject({
			status: 'PUBLISH_COMPLETE',
			post_ids: ['7300000000000000009'],
		});
	});

	it('reports FAILED with its advice as data (no error: the status is the answer)', async () => {
		const { credentials, publishId } = await startPost({
			final: 'FAILED',
			pollsUntilDone: 0,
			failReason: 'video_pull_failed',
		});
		const result = await env.n8n.run({
			parameters: { resource: 'post', operation: 'getStatus', publishId },
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			status: 'FAILED',
			fail_reason: 'video_pull_failed',
			post_ids: [],
		});
		expect(String(result.items[0].json.advice)).toContain('must not redirect');
	});

	it('maps invalid_publish_id', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: { resource: 'post', operation: 'getStatus', publishId: 'v_pub_file~unknown' },
			credentials,
		});
		expect(result.error?.message).toBe('TikTok does not know this publish ID (invalid_publish_id)');
		expect((result.error as { httpCode?: string }).httpCode).toBe('400');
	});

	it('refuses a publish ID with spaces before calling TikTok', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: { resource: 'post', operation: 'getStatus', publishId: 'not a publish id' },
			credentials,
		});
		expect(result.error?.message).toContain('does not look like a TikTok publish ID');
		expect(env.fake.requests).toHaveLength(0);
	});
});

describe('Post > Get Creator Info', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('POSTs creator_info/query with no body and outputs the creator', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: { resource: 'post', operation: 'getCreatorInfo' },
			credentials,
		});
		expect(env.fake.requests).toHaveLength(1);
		expect(env.fake.requests[0]).toMatchObject({
			method: 'POST',
			path: '/v2/post/publish/creator_info/query/',
			bodyText: '',
		});
		expect(result.items).toEqual([
			{ json: { ...env.fake.posts.creator }, pairedItem: { item: 0 } },
		]);
	});

	it('turns the posting cap TikTok reports with HTTP 200 into an error', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.posts.creatorInfoError = 'spam_risk_too_many_posts';
		const result = await env.n8n.run({
			parameters: { resource: 'post', operation: 'getCreatorInfo' },
			credentials,
		});
		expect(result.error?.message).toBe(
			'This TikTok account reached its daily posting limit (spam_risk_too_many_posts)',
		);
		expect((result.error as { httpCode?: string }).httpCode).toBe('200');
		// Never retried: spam and cap errors do not clear by repeating.
		expect(env.fake.requests).toHaveLength(1);
	});

	it('names the missing scope when the account did not grant video.publish', async () => {
		const credentials = await storeConnectedOAuth2(env, ['user.info.basic', 'video.upload']);
		const result = await env.n8n.run({
			parameters: { resource: 'post', operation: 'getCreatorInfo' },
			credentials,
		});
		expect(result.error?.message).toBe(
			'The TikTok account did not grant the permission this operation needs (scope_not_authorized)',
		);
		expect(result.error?.description).toContain('This operation needs the video.publish scope.');
	});
});

describe('Privacy Level dropdown (loadOptions getPrivacyLevels)', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('offers exactly the levels creator info returns, naming the account, with no default', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.posts.creator.privacy_level_options = [
			'FOLLOWER_OF_CREATOR',
			'MUTUAL_FOLLOW_FRIENDS',
			'SELF_ONLY',
		];
		const options = await callLoadOptions(env.n8n, {
			method: 'getPrivacyLevels',
			parameters: {
				authentication: 'oAuth2',
				resource: 'post',
				operation: 'createVideo',
				mode: 'directPost',
			},
			credentials,
			path: 'parameters.privacyLevel',
		});
		expect(options).toEqual([
			{
				name: 'Followers',
				value: 'FOLLOWER_OF_CREATOR',
				description: 'Posting as @demo.creator (Demo Creator). TikTok value: FOLLOWER_OF_CREATOR.',
			},
			{
				name: 'Friends (Followers You Follow Back)',
				value: 'MUTUAL_FOLLOW_FRIENDS',
				description:
					'Posting as @demo.creator (Demo Creator). TikTok value: MUTUAL_FOLLOW_FRIENDS.',
			},
			{
				name: 'Only Me',
				value: 'SELF_ONLY',
				description: 'Posting as @demo.creator (Demo Creator). TikTok value: SELF_ONLY.',
			},
		]);
		expect(env.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /v2/post/publish/creator_info/query/',
		]);
		const { TikTok } = await import('../../nodes/TikTok/TikTok.node.ts');
		const privacy = new TikTok().description.properties.filter((p) => p.name === 'privacyLevel');
		expect(privacy.map((p) => [p.default, p.required])).toEqual([
			['', true],
			['', true],
		]);
	});
});

describe('Photo posts, Get Status and Get Creator Info as TikTok documents them', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	const directPhoto = (extra: Record<string, unknown> = {}) => ({
		resource: 'post',
		operation: 'createPhoto',
		photoUrls: PHOTOS,
		mode: 'directPost',
		title: 'Weekend',
		description: 'Two shots #n8n',
		privacyLevel: 'SELF_ONLY',
		...extra,
	});

	it('#9.4 a direct photo post to followers (private account) is done at PUBLISH_COMPLETE without a post ID: no wait until the timeout', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.posts.creator.privacy_level_options = [
			'FOLLOWER_OF_CREATOR',
			'MUTUAL_FOLLOW_FRIENDS',
			'SELF_ONLY',
		];
		env.fake.posts.nextOutcome = {
			final: 'PUBLISH_COMPLETE',
			pollsUntilDone: 1,
			postIds: ['7300000000000000001'],
		};
		const result = await env.n8n.run({
			parameters: directPhoto({
				privacyLevel: 'FOLLOWER_OF_CREATOR',
				options: { waitForCompletion: true, waitTimeout: 5 },
			}),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.requestsTo('/v2/post/publish/status/fetch/')).toHaveLength(2);
		expect(result.items).toEqual([
			{
				json: {
					publish_id: expect.stringMatching(/^p_pub_url~/),
					status: 'PUBLISH_COMPLETE',
					post_ids: [],
					advice:
						'Published for Followers. TikTok gives a post ID, and so a link, only for posts public to everyone.',
					downloaded_bytes: 0,
					mode: 'directPost',
					photo_count: 2,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('#9.5 a direct photo post without title or description sends neither', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: directPhoto({ title: '', description: '={{ "  " }}' }),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(env.fake.requestsTo('/v2/post/publish/content/init/')[0].json).toEqual({
			media_type: 'PHOTO',
			post_mode: 'DIRECT_POST',
			post_info: {
				privacy_level: 'SELF_ONLY',
				disable_comment: true,
				auto_add_music: false,
				brand_content_toggle: false,
				brand_organic_toggle: false,
			},
			source_info: { source: 'PULL_FROM_URL', photo_cover_index: 0, photo_images: PHOTOS },
		});
		expect(result.items[0].json).toMatchObject({
			status: 'SUBMITTED',
			mode: 'directPost',
			photo_count: 2,
		});
	});

	it('#9.6 branded photo content as "Only Me" is refused before any call to TikTok, with the reason and the fix', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: directPhoto({ options: { brandContentToggle: true } }),
			credentials,
		});
		expect(result.error?.message).toBe('"Branded Content" cannot be posted as "Only Me"');
		expect(result.error?.description).toContain(
			'"Branded content visibility cannot be set to private."',
		);
		expect(result.error?.description).toContain(
			'Choose another "Privacy Level" (Everyone, Friends or Followers), or turn off "Branded Content"',
		);
		expect(env.fake.requests).toEqual([]);
	});

	it.each([
		['the OAuth2 credential', 'oAuth2'],
		['the Refresh Token credential', 'refreshToken'],
	])(
		'#9.7 Get Creator Info sends Content-Type: application/json; charset=UTF-8 with an empty body (%s)',
		async (_name, authentication) => {
			const credentials =
				authentication === 'oAuth2'
					? await storeConnectedOAuth2(env, POSTING_SCOPES)
					: await storeRefreshTokenCredential(env, POSTING_SCOPES);
			const result = await env.n8n.run({
				parameters: { authentication, resource: 'post', operation: 'getCreatorInfo' },
				credentials,
			});
			expect(result.error).toBeUndefined();
			const [creatorInfo] = env.fake.requestsTo('/v2/post/publish/creator_info/query/');
			expect(creatorInfo).toMatchObject({
				method: 'POST',
				host: 'open.tiktokapis.com',
				query: {},
				bodyText: '',
				status: 200,
			});
			expect(creatorInfo.headers['content-type']).toBe('application/json; charset=UTF-8');
			expect(creatorInfo.headers['content-length']).toBe('0');
			expect(result.items).toEqual([
				{ json: { ...env.fake.posts.creator }, pairedItem: { item: 0 } },
			]);
		},
	);

	it('#9.8 a direct photo post to Everyone links to /photo/<post id>', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.posts.nextOutcome = {
			final: 'PUBLISH_COMPLETE',
			pollsUntilDone: 1,
			postIds: ['7300000000000000005'],
		};
		const result = await env.n8n.run({
			parameters: directPhoto({
				privacyLevel: 'PUBLIC_TO_EVERYONE',
				options: { waitForCompletion: true },
			}),
			credentials,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			status: 'PUBLISH_COMPLETE',
			post_ids: ['7300000000000000005'],
			post_url: 'https://www.tiktok.com/@demo.creator/photo/7300000000000000005',
		});
		expect(result.items[0].json.advice).toBeUndefined();
	});

	it('#9.8 Get Status links a photo publish ID (p_…) to /photo/, and gives no link for a publish ID of unknown kind', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		env.fake.posts.nextOutcome = {
			final: 'PUBLISH_COMPLETE',
			pollsUntilDone: 0,
			postIds: ['7300000000000000006'],
		};
		const created = await env.n8n.run({
			parameters: { resource: 'post', operation: 'createPhoto', photoUrls: PHOTOS, mode: 'draft' },
			credentials,
		});
		const publishId = String(created.items[0].json.publish_id);
		expect(publishId).toMatch(/^p_inbox_url~/);
		const photo = await env.n8n.run({
			parameters: { resource: 'post', operation: 'getStatus', publishId },
			credentials,
		});
		expect(photo.items[0].json).toMatchObject({
			publish_id: publishId,
			post_ids: ['7300000000000000006'],
			post_url: 'https://www.tiktok.com/@demo.creator/photo/7300000000000000006',
		});

		// Same post under a publish ID whose prefix TikTok's docs do not show: the kind is unknown.
		const unknownId = `x_${publishId.slice(2)}`;
		env.fake.posts.publishes.set(unknownId, {
			...env.fake.posts.publishes.get(publishId)!,
			publishId: unknownId,
		});
		env.fake.requests.length = 0;
		const unknown = await env.n8n.run({
			parameters: { resource: 'post', operation: 'getStatus', publishId: unknownId },
			credentials,
		});
		expect(unknown.items).toEqual([
			{
				json: {
					publish_id: unknownId,
					status: 'PUBLISH_COMPLETE',
					post_ids: ['7300000000000000006'],
					downloaded_bytes: 0,
				},
				pairedItem: { item: 0 },
			},
		]);
		// No username needed without a link: no creator info call either.
		expect(env.fake.requests.map((r) => r.path)).toEqual(['/v2/post/publish/status/fetch/']);
	});

	it('#9.13 refuses a photo URL entry that is an object before any call to TikTok', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: directPhoto({ photoUrls: [PHOTOS[0], '={{ $json.photo }}'] }),
			credentials,
			items: [{ json: { photo: { url: PHOTOS[1] } } }],
		});
		expect(result.error?.message).toBe(
			'"Photo URLs" entry 2 must be text, but the expression gave an object',
		);
		expect(result.error?.description).toContain('Map the text field inside it');
		expect(env.fake.requests).toEqual([]);
	});

	it.each([
		[
			'a title that is an object',
			{ title: '={{ $json.meta }}' },
			'"Title" must be text, but the expression gave an object',
		],
		[
			'a description that is a list',
			{ description: '={{ $json.tags }}' },
			'"Description" must be text, but the expression gave a list of 2 values',
		],
	])('#9.13 refuses %s before any call to TikTok', async (_name, extra, message) => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: directPhoto(extra),
			credentials,
			items: [{ json: { meta: { title: 'x' }, tags: ['#a', '#b'] } }],
		});
		expect(result.error?.message).toBe(message);
		expect(env.fake.requests).toEqual([]);
	});

	it('#9.13 Get Status refuses a publish ID that is a list, instead of asking TikTok for "a,b"', async () => {
		const credentials = await storeConnectedOAuth2(env, POSTING_SCOPES);
		const result = await env.n8n.run({
			parameters: { resource: 'post', operation: 'getStatus', publishId: '={{ $json.ids }}' },
			credentials,
			items: [{ json: { ids: ['v_pub_file~v2-1.a', 'v_pub_file~v2-1.b'] } }],
		});
		expect(result.error?.message).toBe(
			'"Publish ID" must be text, but the expression gave a list of 2 values',
		);
		expect(result.error?.description).toContain('Map a single entry');
		expect(env.fake.requests).toEqual([]);
	});
});
