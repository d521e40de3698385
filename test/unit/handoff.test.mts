import { describe, expect, it } from 'vitest';

import {
	composeCaption,
	directPostReport,
	formatDuration,
	packBaseName,
	summariseCaption,
} from '../../nodes/TikTok/helpers/handoff.ts';

describe('composeCaption', () => {
	it.each([
		['Sunset', '', 'Sunset'],
		['Sunset', 'n8n, automation', 'Sunset #n8n #automation'],
		['Sunset', '#n8n #automation', 'Sunset #n8n #automation'],
		['Sunset', ' ,, ##n8n  ', 'Sunset #n8n'],
		['', 'n8n', '#n8n'],
		['Line one\nline two ', 'tag', 'Line one\nline two  #tag'],
	])('%j + %j → %j', (caption, tags, expected) => {
		expect(composeCaption(caption, tags)).toBe(expected);
	});
});

describe('summariseCaption', () => {
	it('counts UTF-16 units and lists hashtags and mentions', () => {
		expect(summariseCaption('Hi @demo.creator. #n8n #fyp 🌇')).toEqual({
			text: 'Hi @demo.creator. #n8n #fyp 🌇',
			length: 30,
			max_length: 2200,
			hashtags: ['n8n', 'fyp'],
			mentions: ['demo.creator'],
		});
	});
});

describe('formatDuration', () => {
	it.each([
		[0, '0:00'],
		[3, '0:03'],
		[65.5, '1:05.5'],
		[600, '10:00'],
		[754, '12:34'],
	])('%s → %s', (seconds, expected) => {
		expect(formatDuration(seconds)).toBe(expected);
	});
});

describe('directPostReport', () => {
	const codes = (issues: Array<{ code: string }>) => issues.map((issue) => issue.code);

	it('unaudited app, public privacy: blocked by the audit, private account required', () => {
		const report = directPostReport({ appAudited: false, privacyLevel: 'PUBLIC_TO_EVERYONE', durationSeconds: 3 });
		expect(report.possible).toBe(false);
		expect(codes(report.blockers)).toEqual(['privacy_needs_audit']);
		expect(report.blockers[0].message).toContain('SELF_ONLY');
		expect(codes(report.requirements)).toContain('unaudited_private_account');
	});

	it('unaudited app posting Only Me: possible, on conditions', () => {
		const report = directPostReport({ appAudited: false, privacyLevel: 'SELF_ONLY', durationSeconds: 3 });
		expect(report.possible).toBe(true);
		expect(report.blockers).toEqual([]);
		expect(codes(report.requirements)).toEqual(['unaudited_private_account', 'creator_max_duration', 'scopes_and_direct_post', 'daily_cap', 'media_not_checked']);
	});

	it('#9.5 audited app: no audit rules, and no caption needed (TikTok makes it optional)', () => {
		const report = directPostReport({ appAudited: true, privacyLevel: 'PUBLIC_TO_EVERYONE' });
		expect(report.possible).toBe(true);
		expect(codes(report.blockers)).toEqual([]);
		expect(codes(report.requirements)).not.toContain('unaudited_private_account');
		expect(report.requirements.find((r) => r.code === 'creator_max_duration')?.message).toContain('could not be read');
	});
});

describe('packBaseName', () => {
	it.each([
		[undefined, 'clip.mp4', 'clip'],
		['', 'my.video.final.mov', 'my.video.final'],
		['launch', 'clip.mp4', 'launch'],
		['a/b\\c:d', undefined, 'a-b-c-d'],
		[undefined, undefined, 'tiktok-post'],
		['..', undefined, 'tiktok-post'],
		['x\u0001y', undefined, 'x-y'],
	])('%j, %j → %j', (override, fileName, expected) => {
		expect(packBaseName(override, fileName)).toBe(expected);
	});
});
