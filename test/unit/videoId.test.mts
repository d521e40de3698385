import { describe, expect, it } from 'vitest';

import {
	parseVideoId,
	parseVideoIdList,
	parseVideoIdOrUrl,
	parseVideoIdsOrUrls,
	parseVideoUrl,
	VIDEO_ID_LIST_PATTERN,
	VIDEO_URL_PATTERN,
	VideoIdError,
} from '../../nodes/TikTok/helpers/videoId.ts';

const ID = '7300000000000000001';

/** What n8n's editor does with a resource locator mode's regex validation. */
const acceptedByEditor = (pattern: string, value: string) => new RegExp(`^${pattern}$`).test(value);

function failure(run: () => unknown): { message: string; fix: string } {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(VideoIdError);
		return { message: (error as VideoIdError).message, fix: (error as VideoIdError).fix };
	}
	throw new Error('expected a VideoIdError');
}

describe('parseVideoUrl', () => {
	it.each([
		['www link', `https://www.tiktok.com/@user/video/${ID}`],
		[
			'share_url with query string',
			`https://www.tiktok.com/@demo.creator/video/${ID}?utm_campaign=tt4d_open_api&utm_source=aw123`,
		],
		[
			'web-app query string',
			`https://www.tiktok.com/@user_name.9/video/${ID}?is_from_webapp=1&sender_device=pc`,
		],
		['mobile host', `https://m.tiktok.com/@user/video/${ID}`],
		['no www', `https://tiktok.com/@user/video/${ID}`],
		['plain http', `http://www.tiktok.com/@user/video/${ID}`],
		['trailing slash', `https://www.tiktok.com/@user/video/${ID}/`],
		['fragment', `https://www.tiktok.com/@user/video/${ID}#comments`],
	])('%s', (_name, url) => {
		expect(parseVideoUrl(url)).toBe(ID);
		expect(parseVideoIdOrUrl(url)).toBe(ID);
		expect(acceptedByEditor(VIDEO_URL_PATTERN, url)).toBe(true);
	});

	it('ignores surrounding whitespace (the editor does not, but expressions often add it)', () => {
		expect(parseVideoUrl(`  https://www.tiktok.com/@user/video/${ID}\n`)).toBe(ID);
	});

	it.each([
		['another site', `https://www.youtube.com/@user/video/${ID}`, 'is not a TikTok video link'],
		[
			'look-alike host',
			`https://www.tiktok.com.evil.test/@user/video/${ID}`,
			'is not a TikTok video link',
		],
		['profile link', 'https://www.tiktok.com/@user', 'is not a TikTok video link'],
		['photo post', `https://www.tiktok.com/@user/photo/${ID}`, 'is not a TikTok video link'],
		['no scheme', `www.tiktok.com/@user/video/${ID}`, 'is not a TikTok video link'],
		[
			'ID too long',
			'https://www.tiktok.com/@user/video/73000000000000000012',
			'is not a TikTok video link',
		],
		['short link', 'https://vm.tiktok.com/ZMabc123/', 'is a TikTok short link'],
		['bare ID', ID, 'is a video ID, not a link'],
	])('refuses %s', (_name, url, problem) => {
		const { message, fix } = failure(() => parseVideoUrl(url));
		expect(message).toContain(problem);
		expect(fix).not.toBe('');
		expect(acceptedByEditor(VIDEO_URL_PATTERN, url)).toBe(false);
	});

	it.each([[''], [undefined], [null], [42]])('refuses %j', (value) => {
		expect(failure(() => parseVideoUrl(value)).message).toMatch(
			/^Expected a TikTok video link, got /,
		);
	});

	it('points short links to the full address', () => {
		expect(failure(() => parseVideoUrl('https://vt.tiktok.com/ZS123/')).fix).toContain(
			'copy the full address',
		);
	});
});

describe('parseVideoIdList', () => {
	it.each([
		['one ID', ID, [ID]],
		['commas', `${ID},7300000000000000002`, [ID, '7300000000000000002']],
		[
			'commas and spaces',
			`${ID}, 7300000000000000002 ,7300000000000000003`,
			[ID, '7300000000000000002', '7300000000000000003'],
		],
		[
			'newlines and tabs',
			`${ID}\n7300000000000000002\t7300000000000000003`,
			[ID, '7300000000000000002', '7300000000000000003'],
		],
		['stray separators', ` ,${ID},, `, [ID]],
		['duplicates kept once', `${ID},${ID}`, [ID]],
		['largest int64', '9223372036854775807', ['9223372036854775807']],
		['short ID', '12345', ['12345']],
	])('%s', (_name, value, expected) => {
		expect(parseVideoIdList(value)).toEqual(expected);
		expect(acceptedByEditor(VIDEO_ID_LIST_PATTERN, value)).toBe(true);
	});

	it.each([
		['letters', 'abc', '"abc" is not a TikTok video ID'],
		['a link', `https://www.tiktok.com/@user/video/${ID}`, 'is not a TikTok video ID'],
		[
			'one bad ID among good ones',
			`${ID},73000000000000x0002`,
			'"73000000000000x0002" is not a TikTok video ID',
		],
		['20 digits', '73000000000000000012', '"73000000000000000012" is not a TikTok video ID'],
		['beyond int64', '9223372036854775808', '"9223372036854775808" is not a TikTok video ID'],
		['zero', '0', '"0" is not a TikTok video ID'],
		['negative', '-7300000000000000001', 'is not a TikTok video ID'],
		['decimal', '7300000000000000.5', 'is not a TikTok video ID'],
		['empty', '', 'No video ID given'],
		['only separators', ' , ', 'No video ID given'],
	])('refuses %s', (_name, value, problem) => {
		const { message, fix } = failure(() => parseVideoIdList(value));
		expect(message).toContain(problem);
		expect(fix).toContain('up to 19 digits');
		// The editor gives the same verdict, except on values only arithmetic can judge.
		const onlyTheNodeCatches = ['9223372036854775808', '0'];
		expect(acceptedByEditor(VIDEO_ID_LIST_PATTERN, value)).toBe(onlyTheNodeCatches.includes(value));
	});

	it('accepts arrays (from expressions) and safe-integer numbers', () => {
		expect(parseVideoIdList([ID, '7300000000000000002', 12345])).toEqual([
			ID,
			'7300000000000000002',
			'12345',
		]);
		expect(parseVideoIdList(7300n)).toEqual(['7300']);
		expect(failure(() => parseVideoIdList([])).message).toBe('No video ID given');
	});

	it('removes leading zeros so the ID matches what TikTok sends back', () => {
		expect(parseVideoIdList('000123')).toEqual(['123']);
	});

	it('refuses an ID that arrived as a number and lost digits', () => {
		const rounded = Number(ID);
		expect(String(rounded)).not.toBe(ID);
		const { message, fix } = failure(() => parseVideoIdList(rounded));
		expect(message).toBe(
			'The video ID 7300000000000000000 arrived as a number and has lost digits',
		);
		expect(fix).toContain('Pass the ID as text');
	});

	it('refuses values of other types', () => {
		expect(failure(() => parseVideoIdList({ id: ID })).message).toBe(
			'Expected a video ID, got a value of type object',
		);
		expect(failure(() => parseVideoIdList(undefined)).message).toBe(
			'Expected a video ID, got nothing',
		);
	});
});

describe('parseVideoId and parseVideoIdOrUrl', () => {
	it.each([
		[ID, ID],
		[` ${ID} `, ID],
		[12345, '12345'],
		[`https://www.tiktok.com/@user/video/${ID}?lang=en`, ID],
		[`  https://m.tiktok.com/@user/video/${ID}`, ID],
	])('%j → %s', (value, expected) => {
		expect(parseVideoIdOrUrl(value)).toBe(expected);
	});

	it('takes exactly one ID', () => {
		expect(parseVideoId(ID)).toBe(ID);
		expect(failure(() => parseVideoId(`${ID},7300000000000000002`)).message).toBe(
			'Expected one video ID, got 2',
		);
	});

	it('reports a bad link as a link and a bad ID as an ID', () => {
		expect(failure(() => parseVideoIdOrUrl('https://example.com/video/1')).message).toContain(
			'is not a TikTok video link',
		);
		expect(failure(() => parseVideoIdOrUrl('video-1')).message).toContain(
			'is not a TikTok video ID',
		);
	});
});

describe('parseVideoIdsOrUrls', () => {
	it.each([
		[
			'IDs and links mixed',
			`${ID}, https://www.tiktok.com/@u/video/7300000000000000002?lang=en`,
			[ID, '7300000000000000002'],
		],
		[
			'new lines and spaces',
			`${ID}\n7300000000000000002  7300000000000000003`,
			[ID, '7300000000000000002', '7300000000000000003'],
		],
		['duplicates kept once', `${ID},${ID}`, [ID]],
		[
			'an array from an expression',
			[ID, 'https://www.tiktok.com/@u/video/7300000000000000002'],
			[ID, '7300000000000000002'],
		],
	])('%s', (_, value, ids) => {
		expect(parseVideoIdsOrUrls(value)).toEqual(ids);
	});

	it.each([
		['nothing', ' , ', 'No video ID given'],
		['a word', `${ID}, abc`, '"abc" is not a TikTok video ID'],
		['a short link', 'https://vm.tiktok.com/ZMabc/', 'is a TikTok short link'],
		['an unsafe number', 7300000000000000001, 'has lost digits'],
	])('refuses %s', (_, value, message) => {
		expect(failure(() => parseVideoIdsOrUrls(value)).message).toContain(message);
	});
});
