import { describe, expect, it } from 'vitest';

import {
	ACCOUNT_FIELDS,
	BUSINESS_VIDEO_FIELDS,
	BusinessFieldError,
	fieldsInGroup,
	parseFieldChoice,
	scopesForFields,
} from '../../nodes/TikTok/helpers/businessFields.ts';
import { describeBusinessError } from '../../nodes/TikTok/business/errors.ts';

describe('the field catalogues', () => {
	it('list every documented business/get/ field once, each with a scope', () => {
		expect(ACCOUNT_FIELDS.map((field) => field.value).sort()).toEqual(
			[
				'is_business_account',
				'profile_image',
				'username',
				'profile_deep_link',
				'display_name',
				'bio_description',
				'is_verified',
				'following_count',
				'followers_count',
				'total_likes',
				'videos_count',
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
				'audience_ages',
				'audience_genders',
				'audience_countries',
				'audience_cities',
			].sort(),
		);
		expect(new Set(ACCOUNT_FIELDS.map((field) => field.name)).size).toBe(ACCOUNT_FIELDS.length);
	});

	it('list every documented business/video/list/ field once: details need video.list, metrics video.insights', () => {
		const values = BUSINESS_VIDEO_FIELDS.map((field) => field.value);
		expect(new Set(values).size).toBe(values.length);
		expect(values).toHaveLength(31);
		for (const field of BUSINESS_VIDEO_FIELDS)
			expect(field.scope).toBe(field.group === 'detail' ? 'video.list' : 'video.insights');
	});

	it.each([
		['display_name', 'user.info.basic'],
		['username', 'user.info.username'],
		['followers_count', 'user.info.stats'],
		['is_business_account', 'user.account.type'],
		['video_views', 'user.insights'],
		['audience_countries', 'user.insights'],
	])('%s needs %s', (field, scope) => {
		expect(ACCOUNT_FIELDS.find((entry) => entry.value === field)?.scope).toBe(scope);
	});
});

describe('parseFieldChoice', () => {
	it.each([
		['an array', ['likes', 'display_name'], [], ['likes', 'display_name']],
		['comma-separated text', ' likes , display_name,', [], ['likes', 'display_name']],
		['duplicates', ['likes', 'likes'], [], ['likes']],
		['nothing', undefined, [], []],
		[
			'an always-sent field comes first, once',
			['caption', 'item_id'],
			['item_id'],
			['item_id', 'caption'],
		],
	])('%s', (_, value, always, fields) => {
		const catalogue = [...ACCOUNT_FIELDS, ...BUSINESS_VIDEO_FIELDS];
		expect(parseFieldChoice(value, catalogue, always)).toEqual(fields);
	});

	it('refuses unknown names, listing the known ones', () => {
		try {
			parseFieldChoice(['likes', 'follower_count', 'views'], ACCOUNT_FIELDS);
			throw new Error('expected a refusal');
		} catch (error) {
			expect(error).toBeInstanceOf(BusinessFieldError);
			expect((error as BusinessFieldError).message).toBe(
				'Unknown field(s) in "Fields": follower_count, views',
			);
			expect((error as BusinessFieldError).fix).toContain('followers_count');
		}
	});
});

describe('scopesForFields and fieldsInGroup', () => {
	it('groups the chosen fields by scope, in the order the scopes first appear', () => {
		expect(
			scopesForFields(['likes', 'display_name', 'username', 'shares', 'nope'], ACCOUNT_FIELDS),
		).toEqual([
			{ scope: 'user.insights', fields: ['likes', 'shares'] },
			{ scope: 'user.info.basic', fields: ['display_name'] },
			{ scope: 'user.info.username', fields: ['username'] },
		]);
		expect(scopesForFields([], ACCOUNT_FIELDS)).toEqual([]);
	});

	it('picks the fields of a group', () => {
		expect(
			fieldsInGroup(['likes', 'display_name', 'audience_ages'], ACCOUNT_FIELDS, 'daily'),
		).toEqual(['likes']);
	});
});

describe('describeBusinessError with the scopes of the chosen fields', () => {
	const fieldScopes = [
		{ scope: 'user.info.basic', fields: ['display_name'] },
		{ scope: 'user.insights', fields: ['likes', 'shares'] },
	];

	it.each([
		[
			'40130, a scope missing from the token',
			'40130',
			'user.info.basic',
			'TikTok says the token lacks a permission for a field you chose (40130)',
			"The fields you chose need: user.info.basic (display_name); user.insights (likes, shares). The credential's token lacks: user.insights (it was granted: user.info.basic). Remove the fields",
		],
		[
			'40130, granted scopes unknown',
			'40130',
			'',
			'TikTok says the token lacks a permission for a field you chose (40130)',
			'The fields you chose need: user.info.basic (display_name); user.insights (likes, shares). Remove the fields',
		],
		[
			'40001',
			'40001',
			'user.info.basic,user.insights',
			'TikTok says this app has no permission for that (40001)',
			"The fields you chose need: user.info.basic (display_name); user.insights (likes, shares). The credential's token was granted: user.info.basic, user.insights. Remove the fields",
		],
		[
			'40002 quotes TikTok',
			'40002',
			'',
			'TikTok rejected a parameter (40002)',
			'TikTok says: "Bad thing.". Check the value TikTok names: dates are UTC days',
		],
	])('%s', (_, code, grantedScopes, message, description) => {
		const described = describeBusinessError({
			code,
			message: 'Bad thing.',
			requestId: 'REQ1',
			grantedScopes,
			fieldScopes,
			operation: 'getInsights',
		});
		expect(described.message).toBe(message);
		expect(described.description.startsWith(description)).toBe(true);
		expect(described.description).toContain('TikTok says: "Bad thing.".');
		expect(described.description.endsWith('TikTok request ID: REQ1')).toBe(true);
	});

	it('leaves other codes to the common table', () => {
		expect(
			describeBusinessError({ code: '40100', fieldScopes, operation: 'getVideos' }).message,
		).toBe('TikTok rate limit reached (40100)');
	});
});
