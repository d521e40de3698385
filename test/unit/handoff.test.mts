import { describe, expect, it } from 'vitest';

import {
	composeCaption,
	directPostReport,
	fileNameFromUrl,
	formatDuration,
	packBaseName,
	summariseCaption,
	urlForRecord,
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
		const report = directPostReport({
			appAudited: false,
			privacyLevel: 'PUBLIC_TO_EVERYONE',
			durationSeconds: 3,
		});
		expect(report.possible).toBe(false);
		expect(codes(report.blockers)).toEqual(['privacy_needs_audit']);
		expect(report.blockers[0].message).toContain('SELF_ONLY');
		expect(codes(report.requirements)).toContain('unaudited_private_account');
	});

	it('unaudited app posting Only Me: possible, on conditions', () => {
		const report = directPostReport({
			appAudited: false,
			privacyLevel: 'SELF_ONLY',
			durationSeconds: 3,
		});
		expect(report.possible).toBe(true);
		expect(report.blockers).toEqual([]);
		expect(codes(report.requirements)).toEqual([
			'unaudited_private_account',
			'creator_max_duration',
			'scopes_and_direct_post',
			'daily_cap',
			'media_not_checked',
		]);
	});

	it('#9.5 audited app: no audit rules, and no caption needed (TikTok makes it optional)', () => {
		const report = directPostReport({ appAudited: true, privacyLevel: 'PUBLIC_TO_EVERYONE' });
		expect(report.possible).toBe(true);
		expect(codes(report.blockers)).toEqual([]);
		expect(codes(report.requirements)).not.toContain('unaudited_private_account');
		expect(report.requirements.find((r) => r.code === 'creator_max_duration')?.message).toContain(
			'could not be read',
		);
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

describe('fileNameFromUrl (#9.15)', () => {
	it.each([
		['the last segment', 'https://media.example.com/videos/clip.mp4', 'mp4', 'clip.mp4'],
		[
			'decoded, without the query',
			'https://media.example.com/videos/launch%20day.MOV?sig=abc',
			'mov',
			'launch day.MOV',
		],
		[
			"the container's extension when it has none",
			'https://media.example.com/videos/raw',
			'webm',
			'raw.webm',
		],
		['a default without a segment', 'https://media.example.com/', 'mp4', 'tiktok-video.mp4'],
		['#9.15 backslash', 'https://media.example.com/v/a%5C..%5Cevil.mp4', 'mp4', 'a-..-evil.mp4'],
		[
			'#9.15 CR and LF',
			'https://media.example.com/v/clip%0D%0AX-Injected:%20yes.mp4',
			'mp4',
			'clip-X-Injected- yes.mp4',
		],
		['#9.15 NUL', 'https://media.example.com/v/clip%00.exe.mp4', 'mp4', 'clip-.exe.mp4'],
		['#9.15 DEL and a tab', 'https://media.example.com/v/a%7Fb%09c.mp4', 'mp4', 'a-b-c.mp4'],
		[
			'#9.15 an encoded slash',
			'https://media.example.com/v/..%2F..%2Fetc%2Fpasswd',
			'mp4',
			'..-..-etc-passwd.mp4',
		],
		[
			'#9.15 Windows-reserved characters',
			'https://media.example.com/v/a%3Ab%2Ac%3Fd%22e%3Cf%3Eg%7Ch.mp4',
			'mp4',
			'a-b-c-d-e-f-g-h.mp4',
		],
		[
			'#9.15 only unsafe characters',
			'https://media.example.com/v/%0D%0A',
			'mp4',
			'tiktok-video.mp4',
		],
		['#9.15 a dot-dot segment', 'https://media.example.com/v/%2E%2E', 'mp4', 'tiktok-video.mp4'],
		[
			'a broken escape is kept as written',
			'https://media.example.com/v/100%25done%E0.mp4',
			'mp4',
			'100%25done%E0.mp4',
		],
	])('%s: %s', (_name, url, extension, expected) => {
		expect(fileNameFromUrl(url, extension)).toBe(expected);
	});

	it('review: #9.15 a long name of non-Latin characters stays within 200 bytes (file systems take 255) and is never cut inside a character', () => {
		const emoji = '\u{1F3AC}';
		const cjk = '\u89C6\u9891';
		for (const [repeated, unit] of [
			[emoji, 4],
			[cjk, 6],
		] as const) {
			const name = fileNameFromUrl(
				`https://media.example.com/v/${encodeURIComponent(repeated.repeat(150))}.mp4`,
				'mp4',
			);
			expect(name.endsWith('.mp4')).toBe(true);
			// A character cut in half (a lone surrogate) does not survive UTF-8.
			expect(Buffer.from(name, 'utf8').toString('utf8')).toBe(name);
			const bytes = Buffer.byteLength(name, 'utf8');
			expect(bytes).toBeLessThanOrEqual(200);
			// As long as it can be: no more than one of the repeated characters short.
			expect(bytes).toBeGreaterThan(200 - unit);
			expect(name.startsWith(repeated.repeat(10))).toBe(true);
		}
	});

	it.each([
		['NEL (a line break in some tools)', 'clip%C2%85X.mp4', 'clip-X.mp4'],
		['a C1 control', 'clip%C2%9BX.mp4', 'clip-X.mp4'],
		['the Unicode line separator', 'clip%E2%80%A8X.mp4', 'clip-X.mp4'],
		['the Unicode paragraph separator', 'clip%E2%80%A9X.mp4', 'clip-X.mp4'],
		[
			'a right-to-left override (shows "clip4pm.exe" as "clipexe.mp4")',
			'clip%E2%80%AE4pm.exe',
			'clip-4pm.exe',
		],
		['a right-to-left isolate', 'clip%E2%81%A7x.mp4', 'clip-x.mp4'],
	])('review: #9.15 %s becomes "-"', (_name, segment, expected) => {
		expect(fileNameFromUrl(`https://media.example.com/v/${segment}`, 'mp4')).toBe(expected);
	});

	it('#9.15 keeps a long name under 200 characters, extension included', () => {
		const name = fileNameFromUrl(`https://media.example.com/v/${'a'.repeat(300)}.mp4`, 'mp4');
		expect(name).toBe(`${'a'.repeat(196)}.mp4`);
	});
});

describe('urlForRecord (#9.15)', () => {
	it.each([
		[
			'a plain URL',
			'https://media.example.com/videos/clip.mp4',
			'https://media.example.com/videos/clip.mp4',
		],
		[
			'#9.15 user and password',
			'https://alice:s3cret@media.example.com/videos/clip.mp4',
			'https://media.example.com/videos/clip.mp4',
		],
		[
			'#9.15 user only',
			'https://alice@media.example.com/clip.mp4',
			'https://media.example.com/clip.mp4',
		],
		[
			'#9.15 a signed URL (S3 style)',
			'https://bucket.s3.amazonaws.com/clip.mp4?X-Amz-Credential=AKIA%2F20240101&X-Amz-Signature=deadbeef&X-Amz-Expires=900',
			'https://bucket.s3.amazonaws.com/clip.mp4',
		],
		[
			'#9.15 a token and a fragment',
			'http://cdn.example.com:8080/a/b%20c.webm?token=xyz#t=10',
			'http://cdn.example.com:8080/a/b%20c.webm',
		],
	])('%s', (_name, url, expected) => {
		expect(urlForRecord(url)).toBe(expected);
	});
});
