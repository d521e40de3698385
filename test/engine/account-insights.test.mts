/**
 * Account (Business) > Get Insights through n8n-core's engine against the strict fake of the
 * TikTok API for Business (`GET business/get/`): the exact request (dates, the JSON-encoded
 * `fields`), one item per day or one item, the date rules enforced before any call, and the
 * scope a refused field needs named in the error.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failedItem } from '../harness/engine.mts';

import { accountInsightsOf, seededDailyMetrics } from '../fake/businessAccount.mts';
import { expectBusinessCall, storeBusinessCredential } from '../harness/business.mts';
import { createTikTokTestEnv, type TikTokTestEnv } from '../harness/tiktok-env.mts';

const BUSINESS_ID = '-000BusinessOpenIdOfTheBrand';
const PATH = '/open_api/v1.3/business/get/';
const ALL_SCOPES = [
	'user.info.basic',
	'user.info.username',
	'user.info.stats',
	'user.account.type',
	'user.insights',
];
const DAY_MS = 86_400_000;
/** The UTC day `days` before today. */
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);
/** The days from `from` to `to` days ago, oldest first. */
const daysBetween = (from: number, to: number) =>
	Array.from({ length: from - to + 1 }, (_, i) => daysAgo(from - i));

const insights = (extra: Record<string, unknown> = {}) => ({
	resource: 'account',
	operation: 'getInsights',
	...extra,
});

describe('Account > Get Insights', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	it('by default asks for the last 7 full days and outputs one item per day with the profile repeated', async () => {
		const credentials = await storeBusinessCredential(env, { scopes: ALL_SCOPES });

		const result = await env.n8n.run({ parameters: insights(), credentials });

		expect(result.error).toBeUndefined();
		const requests = env.fake.requestsTo(PATH);
		expect(requests).toHaveLength(1);
		expectBusinessCall(requests[0], 'GET', 'business/get/');
		expect(requests[0].query).toEqual({
			business_id: BUSINESS_ID,
			start_date: daysAgo(7),
			end_date: daysAgo(1),
			fields:
				'["display_name","username","followers_count","video_views","profile_views","likes","comments","shares","daily_new_followers"]',
		});
		const days = daysBetween(7, 1);
		expect(result.items).toHaveLength(7);
		expect(result.items).toEqual(
			days.map((date) => {
				const day = seededDailyMetrics(date);
				return {
					json: {
						date,
						followers_count: day.followers_count,
						video_views: day.video_views,
						profile_views: day.profile_views,
						likes: day.likes,
						comments: day.comments,
						shares: day.shares,
						daily_new_followers: day.daily_new_followers,
						display_name: 'Demo Brand',
						username: 'demo.brand',
					},
					pairedItem: { item: 0 },
				};
			}),
		);
		// The day's follower total wins over the account's current one; the key order suits a sheet.
		expect(Object.keys(result.items[0].json)).toEqual([
			'date',
			'followers_count',
			'video_views',
			'profile_views',
			'likes',
			'comments',
			'shares',
			'daily_new_followers',
			'display_name',
			'username',
		]);
	});

	it('sends the chosen dates and fields; a day TikTok did not return is not made up; audience fields go on every day', async () => {
		const credentials = await storeBusinessCredential(env, { scopes: ALL_SCOPES });
		accountInsightsOf(env.fake.business).missingDates.add(daysAgo(9));

		const result = await env.n8n.run({
			parameters: insights({
				startDate: `${daysAgo(10)}T00:00:00`,
				endDate: daysAgo(8),
				fields: ['video_views', 'audience_countries'],
			}),
			credentials,
		});

		expect(result.error).toBeUndefined();
		expect(env.fake.requestsTo(PATH).map((r) => r.query)).toEqual([
			{
				business_id: BUSINESS_ID,
				start_date: daysAgo(10),
				end_date: daysAgo(8),
				fields: '["video_views","audience_countries"]',
			},
		]);
		const countries = [
			{ country: 'US', percentage: 0.7 },
			{ country: 'GB', percentage: 0.3 },
		];
		expect(result.items).toEqual(
			[daysAgo(10), daysAgo(8)].map((date) => ({
				json: {
					date,
					video_views: seededDailyMetrics(date).video_views,
					audience_countries: countries,
				},
				pairedItem: { item: 0 },
			})),
		);
	});

	it('"One Item (Profile + Metrics Array)" outputs TikTok\'s answer as one item', async () => {
		const credentials = await storeBusinessCredential(env, { scopes: ALL_SCOPES });
		const start = daysAgo(3);
		const end = daysAgo(2);

		const result = await env.n8n.run({
			parameters: insights({
				startDate: start,
				endDate: end,
				fields: ['display_name', 'followers_count', 'likes', 'audience_activity'],
				options: { output: 'single' },
			}),
			credentials,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{
				json: {
					display_name: 'Demo Brand',
					followers_count: 12_345,
					metrics: [start, end].map((date) => {
						const day = seededDailyMetrics(date);
						return {
							date,
							followers_count: day.followers_count,
							likes: day.likes,
							audience_activity: day.audience_activity,
						};
					}),
				},
				pairedItem: { item: 0 },
			},
		]);
		// Spelled out once: hours as TikTok's example sends them.
		expect(
			(result.items[0].json.metrics as Array<{ audience_activity: unknown }>)[0].audience_activity,
		).toEqual([
			{ hour: '0', count: expect.any(Number) },
			{ hour: '1', count: 7 },
		]);
	});

	it('with no daily metric chosen, one item per day gives one item with the profile', async () => {
		const credentials = await storeBusinessCredential(env, { scopes: ALL_SCOPES });

		const result = await env.n8n.run({
			parameters: insights({
				fields: ['display_name', 'username', 'is_business_account', 'is_verified', 'videos_count'],
			}),
			credentials,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{
				json: {
					display_name: 'Demo Brand',
					username: 'demo.brand',
					is_business_account: true,
					is_verified: false,
					videos_count: 57,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('accepts the earliest start TikTok keeps (60 days back) and today as the end', async () => {
		const credentials = await storeBusinessCredential(env, { scopes: ALL_SCOPES });

		const result = await env.n8n.run({
			parameters: insights({ startDate: daysAgo(60), endDate: daysAgo(0), fields: ['likes'] }),
			credentials,
		});

		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(61);
		expect(result.items[0].json.date).toBe(daysAgo(60));
	});

	describe('date rules, enforced before any call', () => {
		it.each([
			[
				'an unparsable start',
				{ startDate: 'last monday' },
				'"Start Date" is not a date: got "last monday"',
				'Pick a date',
			],
			[
				'a date that does not exist',
				{ endDate: '2026-02-30' },
				'"End Date" is not a date: got "2026-02-30"',
				'Pick a date',
			],
			[
				'a start after the end',
				{ startDate: daysAgo(2), endDate: daysAgo(3) },
				`"Start Date" ${daysAgo(2)} is after "End Date" ${daysAgo(3)}`,
				'Choose a start on or before the end',
			],
			[
				'a start more than 60 days back',
				{ startDate: daysAgo(61), endDate: daysAgo(1) },
				`"Start Date" ${daysAgo(61)} is more than 60 days back`,
				`choose ${daysAgo(60)} or later (UTC)`,
			],
			[
				'an end in the future',
				{ endDate: daysAgo(-1) },
				`"End Date" ${daysAgo(-1)} is in the future (today is ${daysAgo(0)} in UTC)`,
				`Choose ${daysAgo(0)} or earlier`,
			],
		])('%s', async (_, dates, message, fix) => {
			const credentials = await storeBusinessCredential(env, { scopes: ALL_SCOPES });
			const result = await env.n8n.run({ parameters: insights(dates), credentials });
			expect(result.error?.message).toBe(message);
			expect(result.error?.description).toContain(fix);
			expect(env.fake.requests.filter((r) => r.host === 'business-api.tiktok.com')).toEqual([]);
		});

		it('refuses an unknown field before any call', async () => {
			const credentials = await storeBusinessCredential(env, { scopes: ALL_SCOPES });
			const result = await env.n8n.run({
				parameters: insights({ fields: 'likes, follower_count' }),
				credentials,
			});
			expect(result.error?.message).toBe('Unknown field(s) in "Fields": follower_count');
			expect(result.error?.description).toContain('followers_count');
			expect(env.fake.requestsTo(PATH)).toEqual([]);
		});
	});

	describe('permissions', () => {
		it('40130: names the scopes the chosen fields need and the one the token lacks, with the request ID', async () => {
			const credentials = await storeBusinessCredential(env, {
				scopes: ['user.info.basic', 'user.info.stats'],
			});

			const result = await env.n8n.run({
				parameters: insights({
					fields: ['display_name', 'followers_count', 'video_views', 'likes'],
				}),
				credentials,
			});

			expect(env.fake.requestsTo(PATH)).toHaveLength(1);
			expect(result.error?.message).toBe(
				'TikTok says the token lacks a permission for a field you chose (40130)',
			);
			expect(result.error?.description).toMatch(
				/^The fields you chose need: user\.info\.basic \(display_name\); user\.info\.stats \(followers_count\); user\.insights \(video_views, likes\)\. The credential's token lacks: user\.insights \(it was granted: user\.info\.basic, user\.info\.stats\)\. Remove the fields whose scope is missing, .* TikTok says: "The access token has not been granted the scope user\.insights required by the field\(s\): video_views, likes\.". TikTok request ID: \d{20}BIZ$/,
			);
		});

		it("a business_id that is not the token's account is refused by TikTok (40001), and the error names the scopes", async () => {
			const credentials = await storeBusinessCredential(env, { scopes: ALL_SCOPES });
			const id = credentials.tikTokBusinessOAuth2Api.id!;
			await env.n8n.run({ parameters: insights({ fields: ['display_name'] }), credentials });
			const stored = await env.store.read(id);
			await env.store.write(id, { ...stored, businessId: '-000SomeoneElse' }, 'updateCredentials');

			const result = await env.n8n.run({
				parameters: insights({ fields: ['display_name'] }),
				credentials,
			});

			const requests = env.fake.requestsTo(PATH);
			expect(requests).toHaveLength(2);
			expect(requests[1].query.business_id).toBe('-000SomeoneElse');
			expect(result.error?.message).toBe('TikTok says this app has no permission for that (40001)');
			expect(result.error?.description).toMatch(
				/^The fields you chose need: user\.info\.basic \(display_name\)\. The credential's token was granted: user\.info\.basic, .*The credential must also be connected to the account it reads \(its business_id\)\. TikTok says: "No permission to operate this business_id\."\. TikTok request ID: \d{20}BIZ$/,
			);
		});

		it('with Continue On Fail, outputs the error as the item and carries on', async () => {
			const credentials = await storeBusinessCredential(env, { scopes: ['user.info.basic'] });
			const result = await env.n8n.run({
				parameters: insights({ fields: '={{ $json.fields }}' }),
				items: [
					{ json: { fields: 'display_name, total_likes' } },
					{ json: { fields: 'display_name' } },
				],
				continueOnFail: true,
				credentials,
			});
			expect(result.error).toBeUndefined();
			expect(result.items).toEqual([
				failedItem(
					{
						error: 'TikTok says the token lacks a permission for a field you chose (40130)',
						message: expect.stringContaining(
							"The credential's token lacks: user.info.stats (it was granted: user.info.basic).",
						),
					},
					0,
				),
				{ json: { display_name: 'Demo Brand' }, pairedItem: { item: 1 } },
			]);
		});
	});
});

describe('the fake business/get/ refuses what TikTok refuses', () => {
	let env: TikTokTestEnv;
	beforeEach(async () => {
		env = await createTikTokTestEnv();
	});
	afterEach(async () => await env.stop());

	async function call(query: Record<string, string>, scopes = ALL_SCOPES) {
		const { accessToken } = env.fake.business.grantTokens(scopes);
		const response = await env.fake.handle({
			method: 'GET',
			url: `https://business-api.tiktok.com${PATH}?${new URLSearchParams(query).toString()}`,
			headers: { 'access-token': accessToken },
			body: Buffer.alloc(0),
		});
		expect(response.status).toBe(200);
		const { code, message, data } = JSON.parse(String(response.body)) as {
			code: number;
			message: string;
			data: Record<string, unknown>;
		};
		return { code, message, data };
	}

	it("answers TikTok's defaults: display_name and profile_image, no metrics", async () => {
		expect(await call({ business_id: BUSINESS_ID })).toEqual({
			code: 0,
			message: 'OK',
			data: {
				display_name: 'Demo Brand',
				profile_image: expect.stringMatching(/^https:\/\/p16-sign-va\.tiktokcdn\.com\//),
			},
		});
	});

	it.each([
		['an unknown query key', { business_id: BUSINESS_ID, metrics: '["likes"]' }, 40002, 'metrics'],
		[
			'fields that are not JSON',
			{ business_id: BUSINESS_ID, fields: 'likes,shares' },
			40002,
			'fields: Not a valid list',
		],
		[
			'an unknown field',
			{ business_id: BUSINESS_ID, fields: '["likes","views"]' },
			40002,
			'Invalid field(s): views',
		],
		[
			'a date in another format',
			{ business_id: BUSINESS_ID, start_date: '2026/11/01' },
			40002,
			'start_date: Not a valid date',
		],
		[
			'a date that does not exist',
			{ business_id: BUSINESS_ID, end_date: '2026-02-30' },
			40002,
			'end_date: Not a valid date',
		],
		[
			'a start after the end',
			{ business_id: BUSINESS_ID, start_date: daysAgo(2), end_date: daysAgo(3) },
			40002,
			'start_date must be earlier',
		],
		[
			'a start 61 days back',
			{ business_id: BUSINESS_ID, start_date: daysAgo(61) },
			40002,
			'maximum lookback period is 60 days',
		],
		[
			'an end after today',
			{ business_id: BUSINESS_ID, end_date: daysAgo(-1) },
			40002,
			'end_date cannot be later than today',
		],
		[
			'another account',
			{ business_id: '-000SomeoneElse' },
			40001,
			'No permission to operate this business_id.',
		],
	])('%s', async (_, query, code, message) => {
		const answer = await call(query);
		expect(answer.code).toBe(code);
		expect(answer.message).toContain(message);
	});

	it('a field whose scope the token lacks fails the whole call with 40130', async () => {
		const answer = await call(
			{ business_id: BUSINESS_ID, fields: '["display_name","total_likes"]' },
			['user.info.basic'],
		);
		expect(answer).toEqual({
			code: 40130,
			message:
				'The access token has not been granted the scope user.info.stats required by the field(s): total_likes.',
			data: {},
		});
	});
});
