/**
 * The account's profile and daily insights as the TikTok API for Business serves them
 * (`GET business/get/`). Shapes from bububa/tiktok-business `model/business/get.go` and
 * `insight.go`, and sns-sdks/python-tiktok `get_account_data` (docs/business-api.md, "Account
 * insights and videos").
 *
 * Strict: `fields` must be a JSON array of known names (default display_name, profile_image);
 * dates are YYYY-MM-DD UTC days (default today-7 to today-1), the start not after the end nor
 * more than 60 days back, the end not in the future (fake's choice: TikTok's answer to a future
 * end is not documented); `business_id` must be the token's account; every field needs its scope,
 * and one missing fails the whole call with 40130 (seen live). Daily metrics are deterministic
 * per date, so tests can assert them.
 */
import type { BusinessScope, FakeBusinessApi } from './business.mts';
import { readFieldList } from './businessVideos.mts';
import type { FakeResponse, RecordedRequest } from './tiktok.mts';

/** Each field `business/get/` knows, with the scope it needs. */
const ACCOUNT_FIELD_SCOPES: Record<string, BusinessScope> = {
	is_business_account: 'user.account.type',
	profile_image: 'user.info.basic',
	username: 'user.info.username',
	profile_deep_link: 'user.info.basic',
	display_name: 'user.info.basic',
	bio_description: 'user.info.basic',
	is_verified: 'user.info.basic',
	following_count: 'user.info.stats',
	followers_count: 'user.info.stats',
	total_likes: 'user.info.stats',
	videos_count: 'user.info.stats',
	video_views: 'user.insights',
	unique_video_views: 'user.insights',
	profile_views: 'user.insights',
	likes: 'user.insights',
	comments: 'user.insights',
	shares: 'user.insights',
	phone_number_clicks: 'user.insights',
	lead_submissions: 'user.insights',
	app_download_clicks: 'user.insights',
	bio_link_clicks: 'user.insights',
	email_clicks: 'user.insights',
	address_clicks: 'user.insights',
	daily_total_followers: 'user.insights',
	daily_new_followers: 'user.insights',
	daily_lost_followers: 'user.insights',
	audience_activity: 'user.insights',
	engaged_audience: 'user.insights',
	audience_ages: 'user.insights',
	audience_genders: 'user.insights',
	audience_countries: 'user.insights',
	audience_cities: 'user.insights',
};

/** Fields served per day in `metrics[]` (followers_count is served both ways). */
const DAILY_FIELDS = new Set([
	'video_views',
	'unique_video_views',
	'profile_views',
	'likes',
	'comments',
	'shares',
	'phone_number_clicks',
	'lead_submissions',
	'app_download_clicks',
	'bio_link_clicks',
	'email_clicks',
	'address_clicks',
	'daily_total_followers',
	'daily_new_followers',
	'daily_lost_followers',
	'audience_activity',
	'engaged_audience',
	'followers_count',
]);

/** Served only for accounts with at least 100 followers. */
const FOLLOWER_GATED = new Set([
	'audience_activity',
	'audience_ages',
	'audience_genders',
	'audience_countries',
	'audience_cities',
]);

const DEFAULT_FIELDS = ['display_name', 'profile_image'];
const MAX_LOOKBACK_DAYS = 60;
const DAY_MS = 86_400_000;

/** What the fake's account looks like; tests change it through accountInsightsOf(). */
export interface FakeAccountInsights {
	profile: Record<string, unknown>;
	/** Audience make-up (top level of the answer). */
	audience: Record<string, unknown>;
	/** Days TikTok has no data for: left out of `metrics`. */
	missingDates: Set<string>;
}

const insightsByApi = new WeakMap<FakeBusinessApi, FakeAccountInsights>();

/** The fake account's profile and audience (created on first use, per fake). */
export function accountInsightsOf(api: FakeBusinessApi): FakeAccountInsights {
	let insights = insightsByApi.get(api);
	if (!insights) {
		insights = {
			profile: {
				display_name: api.brand.display_name,
				username: api.brand.username,
				profile_image:
					'https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/demo-brand~c5_168x168.jpeg?x-expires=1732100000',
				profile_deep_link: 'https://vm.tiktok.com/ZMdemoBrand/',
				bio_description: 'Official account of Demo Brand',
				is_verified: false,
				is_business_account: true,
				following_count: 42,
				followers_count: 12_345,
				total_likes: 98_765,
				videos_count: 57,
			},
			audience: {
				audience_ages: [
					{ age: '18-24', percentage: 0.45 },
					{ age: '25-34', percentage: 0.35 },
					{ age: '35-44', percentage: 0.2 },
				],
				audience_genders: [
					{ gender: 'Female', percentage: 0.6 },
					{ gender: 'Male', percentage: 0.4 },
				],
				audience_countries: [
					{ country: 'US', percentage: 0.7 },
					{ country: 'GB', percentage: 0.3 },
				],
				audience_cities: [{ city_name: 'New York', percentage: 0.2 }],
			},
			missingDates: new Set(),
		};
		insightsByApi.set(api, insights);
	}
	return insights;
}

/** The day's metrics the fake serves (every daily field), deterministic per date. */
export function seededDailyMetrics(date: string): Record<string, unknown> {
	const n = Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
	const gained = 5 + (n % 7);
	const lost = 1 + (n % 2);
	return {
		video_views: 500 + (n % 30) * 25,
		unique_video_views: 300 + (n % 30) * 15,
		profile_views: 40 + (n % 11),
		likes: 60 + (n % 17),
		comments: 8 + (n % 5),
		shares: 3 + (n % 4),
		phone_number_clicks: 0,
		lead_submissions: 0,
		app_download_clicks: 0,
		bio_link_clicks: n % 3,
		email_clicks: 0,
		address_clicks: 0,
		daily_total_followers: gained - lost,
		daily_new_followers: gained,
		daily_lost_followers: lost,
		audience_activity: [
			{ hour: '0', count: 10 + (n % 5) },
			{ hour: '1', count: 7 },
		],
		engaged_audience: 20 + (n % 9),
		followers_count: 12_000 + (n % 300),
	};
}

function utcDay(epochMs: number): string {
	return new Date(epochMs).toISOString().slice(0, 10);
}

function readDay(text: string | undefined, fallback: string): string | undefined {
	if (text === undefined) return fallback;
	if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
	const epoch = Date.parse(`${text}T00:00:00Z`);
	return Number.isNaN(epoch) || utcDay(epoch) !== text ? undefined : text;
}

/** `fields` as asked, or TikTok's refusal. */
function readFields(api: FakeBusinessApi, text: string | undefined): string[] | FakeResponse {
	return text === undefined
		? DEFAULT_FIELDS
		: readFieldList(api, text, Object.keys(ACCOUNT_FIELD_SCOPES));
}

/** `GET business/get/`. */
export function getBusinessAccount(api: FakeBusinessApi, req: RecordedRequest): FakeResponse {
	const q = req.query;
	const fields = readFields(api, q.fields);
	if (!Array.isArray(fields)) return fields;
	const now = api.fake.now();
	const today = utcDay(now);
	const startDate = readDay(q.start_date, utcDay(now - 7 * DAY_MS));
	if (!startDate) return api.invalid('start_date: Not a valid date. Use the format YYYY-MM-DD.');
	const endDate = readDay(q.end_date, utcDay(now - DAY_MS));
	if (!endDate) return api.invalid('end_date: Not a valid date. Use the format YYYY-MM-DD.');
	if (startDate > endDate)
		return api.invalid('start_date must be earlier than or equal to end_date.');
	if (startDate < utcDay(now - MAX_LOOKBACK_DAYS * DAY_MS))
		return api.invalid(`start_date: The maximum lookback period is ${MAX_LOOKBACK_DAYS} days.`);
	if (endDate > today) return api.invalid('end_date cannot be later than today.');

	const auth = api.authorizeCall(req, undefined, q.business_id);
	if ('status' in auth) return auth;
	for (const field of fields) {
		const scope = ACCOUNT_FIELD_SCOPES[field];
		if (!api.tokenHasScope(req, scope))
			return api.fieldScopeMissing(
				fields.filter((other) => ACCOUNT_FIELD_SCOPES[other] === scope),
				scope,
			);
	}

	const insights = accountInsightsOf(api);
	const followers = Number(insights.profile.followers_count);
	const served = fields.filter((field) => !FOLLOWER_GATED.has(field) || followers >= 100);
	const data: Record<string, unknown> = {};
	for (const field of served) {
		if (field in insights.profile) data[field] = insights.profile[field];
		else if (field in insights.audience) data[field] = insights.audience[field];
	}
	const daily = served.filter((field) => DAILY_FIELDS.has(field));
	if (daily.length) {
		const metrics: Array<Record<string, unknown>> = [];
		for (
			let day = startDate;
			day <= endDate;
			day = utcDay(Date.parse(`${day}T00:00:00Z`) + DAY_MS)
		) {
			if (insights.missingDates.has(day)) continue;
			const all = seededDailyMetrics(day);
			metrics.push({ date: day, ...Object.fromEntries(daily.map((field) => [field, all[field]])) });
		}
		data.metrics = metrics;
	}
	return api.ok(data);
}
