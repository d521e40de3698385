/**
 * The fields TikTok's API for Business documents for an account (`business/get/`) and for its
 * videos (`business/video/list/`): label, group and the scope each needs. One catalogue serves
 * the pickers, the JSON `fields` query and the errors that name a missing scope. Sources and
 * confidence: docs/business-api.md, "Account insights and videos".
 */

export type AccountFieldGroup = 'account' | 'daily' | 'audience';
export type VideoFieldGroup = 'detail' | 'metric' | 'audience';

export interface BusinessField<Group extends string> {
	/** TikTok's field name, sent in `fields`. */
	value: string;
	/** The label in the picker. */
	name: string;
	description: string;
	group: Group;
	/** The scope the account holder must have granted for TikTok to return the field. */
	scope: string;
}

const BASIC = 'user.info.basic';
const STATS = 'user.info.stats';
const INSIGHTS = 'user.insights';
const VIDEO_LIST = 'video.list';
const VIDEO_INSIGHTS = 'video.insights';

/** `business/get/`: profile fields, daily metrics (in `metrics[]`, one entry a day) and audience. */
export const ACCOUNT_FIELDS: ReadonlyArray<BusinessField<AccountFieldGroup>> = [
	// Profile: the account as it is now.
	{
		value: 'display_name',
		name: 'Display Name',
		description: "The account's nickname",
		group: 'account',
		scope: BASIC,
	},
	{
		value: 'username',
		name: 'Username',
		description: 'The @handle',
		group: 'account',
		scope: 'user.info.username',
	},
	{
		value: 'profile_image',
		name: 'Profile Image',
		description: 'Link to the avatar; it expires (x-expires in the link)',
		group: 'account',
		scope: BASIC,
	},
	{
		value: 'profile_deep_link',
		name: 'Profile Link',
		description: "Link to the account's profile",
		group: 'account',
		scope: BASIC,
	},
	{
		value: 'bio_description',
		name: 'Bio',
		description: 'The profile bio ("" if never set)',
		group: 'account',
		scope: BASIC,
	},
	{
		value: 'is_verified',
		name: 'Is Verified',
		description: 'Whether the account has the verified badge',
		group: 'account',
		scope: BASIC,
	},
	{
		value: 'is_business_account',
		name: 'Is Business Account',
		description: 'Whether it is a TikTok Business Account (false: a personal account)',
		group: 'account',
		scope: 'user.account.type',
	},
	{
		value: 'followers_count',
		name: 'Followers',
		description:
			'Followers now, and (with One Item per Day) the follower total of each day: TikTok returns it both ways',
		group: 'account',
		scope: STATS,
	},
	{
		value: 'following_count',
		name: 'Following',
		description: 'Accounts this account follows',
		group: 'account',
		scope: STATS,
	},
	{
		value: 'total_likes',
		name: 'Total Likes',
		description: 'Likes on all published videos',
		group: 'account',
		scope: STATS,
	},
	{
		value: 'videos_count',
		name: 'Videos',
		description: 'Public videos published',
		group: 'account',
		scope: STATS,
	},
	// Daily metrics: one value per day of the range.
	{
		value: 'video_views',
		name: 'Video Views (Daily)',
		description: "Views of the account's videos each day",
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'unique_video_views',
		name: 'Reached Viewers (Daily)',
		description: 'People who watched at least one of the videos each day',
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'profile_views',
		name: 'Profile Views (Daily)',
		description: 'Profile visits each day (registered business accounts only)',
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'likes',
		name: 'Likes (Daily)',
		description: 'Likes on the videos each day (removed likes are not subtracted)',
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'comments',
		name: 'Comments (Daily)',
		description: 'Comments on the videos each day',
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'shares',
		name: 'Shares (Daily)',
		description: 'Shares of the videos each day',
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'daily_new_followers',
		name: 'New Followers (Daily)',
		description: 'Followers gained each day',
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'daily_lost_followers',
		name: 'Lost Followers (Daily)',
		description: 'Followers lost each day',
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'daily_total_followers',
		name: 'Net Followers (Daily)',
		description: 'Net follower growth each day',
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'engaged_audience',
		name: 'Engaged Audience (Daily)',
		description: 'People who liked, commented on or shared at least one video each day',
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'audience_activity',
		name: 'Audience Activity by Hour (Daily)',
		description:
			'Followers active on TikTok per hour of each day, as [{hour, count}]. Only for accounts with at least 100 followers.',
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'bio_link_clicks',
		name: 'Bio Link Clicks (Daily)',
		description: 'Clicks on the bio link each day (registered business accounts only)',
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'email_clicks',
		name: 'Email Clicks (Daily)',
		description: 'Clicks on the profile email button each day (registered business accounts only)',
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'phone_number_clicks',
		name: 'Phone Number Clicks (Daily)',
		description: 'Clicks on the phone number each day (registered business accounts only)',
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'address_clicks',
		name: 'Address Clicks (Daily)',
		description:
			'Clicks on the profile address button each day (registered business accounts only)',
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'app_download_clicks',
		name: 'App Download Clicks (Daily)',
		description: 'Clicks on the app download link each day (registered business accounts only)',
		group: 'daily',
		scope: INSIGHTS,
	},
	{
		value: 'lead_submissions',
		name: 'Lead Submissions (Daily)',
		description: 'Leads collected each day (registered business accounts only)',
		group: 'daily',
		scope: INSIGHTS,
	},
	// Audience: the followers' make-up over the range, not per day.
	{
		value: 'audience_ages',
		name: 'Audience Ages',
		description:
			'Followers by age group, as [{age, percentage}]. Only for accounts with at least 100 followers.',
		group: 'audience',
		scope: INSIGHTS,
	},
	{
		value: 'audience_genders',
		name: 'Audience Genders',
		description:
			'Followers by gender, as [{gender, percentage}]. Only for accounts with at least 100 followers.',
		group: 'audience',
		scope: INSIGHTS,
	},
	{
		value: 'audience_countries',
		name: 'Audience Countries',
		description:
			"Followers' top countries, as [{country, percentage}]. Only for accounts with at least 100 followers.",
		group: 'audience',
		scope: INSIGHTS,
	},
	{
		value: 'audience_cities',
		name: 'Audience Cities',
		description:
			"Followers' top cities, as [{city_name, percentage}]. Only for accounts with at least 100 followers.",
		group: 'audience',
		scope: INSIGHTS,
	},
];

/** `business/video/list/`: details (scope video.list) and lifetime metrics (video.insights). */
export const BUSINESS_VIDEO_FIELDS: ReadonlyArray<BusinessField<VideoFieldGroup>> = [
	{
		value: 'item_id',
		name: 'Video ID',
		description: 'The video ID (always returned, as text)',
		group: 'detail',
		scope: VIDEO_LIST,
	},
	{
		value: 'create_time',
		name: 'Create Time',
		description: 'When the video was posted, as a Unix epoch in seconds',
		group: 'detail',
		scope: VIDEO_LIST,
	},
	{
		value: 'caption',
		name: 'Caption',
		description: "The video's caption",
		group: 'detail',
		scope: VIDEO_LIST,
	},
	{
		value: 'share_url',
		name: 'Share URL',
		description: 'Public link to the video',
		group: 'detail',
		scope: VIDEO_LIST,
	},
	{
		value: 'embed_url',
		name: 'Embed URL',
		description: 'Link to the embeddable player (not for friends-only or private videos)',
		group: 'detail',
		scope: VIDEO_LIST,
	},
	{
		value: 'thumbnail_url',
		name: 'Thumbnail URL',
		description: 'Link to the thumbnail; it expires (x-expires in the link)',
		group: 'detail',
		scope: VIDEO_LIST,
	},
	{
		value: 'video_duration',
		name: 'Duration',
		description: 'Length in seconds',
		group: 'detail',
		scope: VIDEO_LIST,
	},
	{
		value: 'video_views',
		name: 'Views',
		description: 'Total views',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'reach',
		name: 'Reach',
		description: 'People who watched the video at least once',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'likes',
		name: 'Likes',
		description: 'Total likes',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'comments',
		name: 'Comments',
		description: 'Total comments',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'shares',
		name: 'Shares',
		description: 'Total shares, in the app and outside it',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'favorites',
		name: 'Favorites',
		description: 'Times the video was saved to favorites',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'total_time_watched',
		name: 'Total Watch Time',
		description: 'Total time watched, in seconds',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'average_time_watched',
		name: 'Average Watch Time',
		description: 'Average time watched, in seconds',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'full_video_watched_rate',
		name: 'Full Watch Rate',
		description: 'Share of viewers who watched to the end (0–1)',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'new_followers',
		name: 'New Followers',
		description: 'Followers gained through the video',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'profile_views',
		name: 'Profile Views',
		description: 'Profile visits from the video',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'website_clicks',
		name: 'Website Clicks',
		description: 'Website link clicks from the video (registered business accounts only)',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'phone_number_clicks',
		name: 'Phone Number Clicks',
		description: 'Phone number clicks from the video (registered business accounts only)',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'email_clicks',
		name: 'Email Clicks',
		description: 'Email button clicks after watching (registered business accounts only)',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'address_clicks',
		name: 'Address Clicks',
		description: 'Address button clicks after watching (registered business accounts only)',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'app_download_clicks',
		name: 'App Download Clicks',
		description: 'App download link clicks from the video (registered business accounts only)',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'lead_submissions',
		name: 'Lead Submissions',
		description: 'Leads collected from the video (registered business accounts only)',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'video_view_retention',
		name: 'View Retention',
		description: 'Share of viewers still watching at each second, as [{second, percentage}]',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'engagement_likes',
		name: 'Likes by Second',
		description: 'When in the video viewers liked it, as [{second, percentage}]',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'impression_sources',
		name: 'Impression Sources',
		description:
			'Where views came from (For You, Follow, Search…), as [{impression_source, percentage}]',
		group: 'metric',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'audience_types',
		name: 'Audience Types',
		description: 'New vs returning viewers and followers vs non-followers, as [{type, percentage}]',
		group: 'audience',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'audience_genders',
		name: 'Audience Genders',
		description: 'Viewers by gender, as [{gender, percentage}]',
		group: 'audience',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'audience_countries',
		name: 'Audience Countries',
		description: "Viewers' top countries, as [{country, percentage}]",
		group: 'audience',
		scope: VIDEO_INSIGHTS,
	},
	{
		value: 'audience_cities',
		name: 'Audience Cities',
		description: "Viewers' top cities, as [{city_name, percentage}]",
		group: 'audience',
		scope: VIDEO_INSIGHTS,
	},
];

/** What a field choice needs: each scope with the chosen fields that need it, in catalogue order. */
export interface FieldScopes {
	scope: string;
	fields: string[];
}

/** A field choice that names fields the catalogue does not have. */
export class BusinessFieldError extends Error {
	constructor(
		message: string,
		readonly fix: string,
	) {
		super(message);
		this.name = 'BusinessFieldError';
	}
}

/**
 * The chosen field names (an array from the picker, or comma-separated text from an expression),
 * trimmed, without duplicates, in the order given; `always` first. Unknown names are refused.
 */
export function parseFieldChoice(
	value: unknown,
	catalogue: ReadonlyArray<BusinessField<string>>,
	always: string[] = [],
): string[] {
	const raw = Array.isArray(value)
		? value.map((field) => String(field))
		: typeof value === 'string'
			? value.split(',')
			: value === undefined || value === null
				? []
				: [String(value)];
	const chosen = raw.map((field) => field.trim()).filter((field) => field !== '');
	const known = new Set(catalogue.map((field) => field.value));
	const unknown = chosen.filter((field) => !known.has(field));
	if (unknown.length) {
		throw new BusinessFieldError(
			`Unknown field(s) in "Fields": ${unknown.join(', ')}`,
			`Choose from: ${[...known].join(', ')}.`,
		);
	}
	return [...new Set([...always, ...chosen])];
}

/** The scopes `fields` need, each with its fields (unknown names are ignored). */
export function scopesForFields(
	fields: string[],
	catalogue: ReadonlyArray<BusinessField<string>>,
): FieldScopes[] {
	const byScope = new Map<string, string[]>();
	for (const field of fields) {
		const entry = catalogue.find((candidate) => candidate.value === field);
		if (!entry) continue;
		byScope.set(entry.scope, [...(byScope.get(entry.scope) ?? []), field]);
	}
	return [...byScope].map(([scope, scoped]) => ({ scope, fields: scoped }));
}

/** The fields of `group` among `fields`. */
export function fieldsInGroup<Group extends string>(
	fields: string[],
	catalogue: ReadonlyArray<BusinessField<Group>>,
	group: Group,
): string[] {
	return fields.filter((field) =>
		catalogue.some((entry) => entry.value === field && entry.group === group),
	);
}
