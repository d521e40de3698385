/**
 * Review of #11 (Account (Business) resource, comment Create/Pin/Like): a per-day report when
 * TikTok has no day yet, and the permission a missing video.list scope needs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { accountInsightsOf } from '../fake/businessAccount.mts';
import { storeBusinessCredential } from '../harness/business.mts';
import { callListSearch } from '../harness/load-options.mts';
import { createTikTokTestEnv, type TikTokTestEnv } from '../harness/tiktok-env.mts';

const INSIGHTS_PATH = '/open_api/v1.3/business/get/';
const ALL_SCOPES = [
	'user.info.basic',
	'user.info.username',
	'user.info.stats',
	'user.account.type',
	'user.insights',
];
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);

describe('review: Account > Get Insights', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('review: "One Item per Day" with daily metrics chosen and no day returned yet outputs no item (not an empty one)', async () => {
		const credentials = await storeBusinessCredential(env, { scopes: ALL_SCOPES });
		// Metrics arrive 24-48 hours late: on a Monday morning TikTok may have nothing for the range.
		for (let day = 1; day <= 2; day++)
			accountInsightsOf(env.fake.business).missingDates.add(daysAgo(day));

		const onlyDaily = await env.n8n.run({
			parameters: {
				resource: 'account',
				operation: 'getInsights',
				startDate: daysAgo(2),
				endDate: daysAgo(1),
				fields: ['video_views', 'likes'],
			},
			credentials,
		});
		const withProfile = await env.n8n.run({
			parameters: {
				resource: 'account',
				operation: 'getInsights',
				startDate: daysAgo(2),
				endDate: daysAgo(1),
				fields: ['display_name', 'followers_count', 'video_views'],
			},
			credentials,
		});

		expect(env.fake.requestsTo(INSIGHTS_PATH)).toHaveLength(2);
		expect(onlyDaily.error).toBeUndefined();
		// One item per day TikTok returned: none. An item `{}` would append an empty sheet row.
		expect(onlyDaily.items).toEqual([]);
		expect(withProfile.error).toBeUndefined();
		expect(withProfile.items).toEqual([]);
	});
});

describe('review: Comment > Video "From List" without video.list', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('review: the error names video.list and the Get Account Media permission, not the comment permission', async () => {
		const credentials = await storeBusinessCredential(env, {
			scopes: ['comment.list', 'comment.list.manage'],
		});

		const error = await callListSearch(env.n8n, {
			method: 'searchBusinessVideos',
			parameters: { resource: 'comment', operation: 'create' },
			credentials,
		}).then(
			() => undefined,
			(thrown: unknown) => thrown as { message: string; description?: string },
		);

		expect(error?.message).toBe('TikTok says this app has no permission for that (40001)');
		expect(error?.description).toContain('This operation needs the video.list scope.');
		expect(error?.description).toContain('Get Account Media');
		expect(error?.description).not.toContain('Business Comment');
	});
});
