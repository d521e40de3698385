import { createHmac } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
	computeSignature,
	parseSignatureHeader,
	signatureHeaderFor,
	verifyTikTokSignature,
} from '../../nodes/TikTok/triggers/webhookSignature.ts';

const SECRET = 'client-secret-of-the-app';
const BODY = Buffer.from(
	'{"client_key":"awkey","event":"post.publish.complete","create_time":1733000000,"user_openid":"-000abc","content":"{\\"publish_id\\":\\"v_pub_file~v2-1.1\\",\\"publish_type\\":\\"DIRECT_PUBLISH\\"}"}',
	'utf8',
);
const T = 1_733_000_100;
const GOOD = computeSignature(SECRET, String(T), BODY);

describe('computeSignature', () => {
	it('is lowercase hex HMAC-SHA256 over t + "." + the raw bytes', () => {
		const expected = createHmac('sha256', SECRET)
			.update(`${T}.${BODY.toString('utf8')}`)
			.digest('hex');
		expect(GOOD).toBe(expected);
		expect(GOOD).toMatch(/^[0-9a-f]{64}$/);
	});

	it("matches the shape of TikTok's documented example header", () => {
		expect(signatureHeaderFor(SECRET, BODY, T)).toBe(`t=${T},s=${GOOD}`);
	});

	it('hashes bytes, not re-serialised JSON (whitespace and key order matter)', () => {
		const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY.toString('utf8')), null, 1));
		expect(computeSignature(SECRET, String(T), reserialised)).not.toBe(GOOD);
	});
});

describe('parseSignatureHeader', () => {
	it.each([
		['t=1,s=ab', { timestamp: '1', signatures: ['ab'], malformed: false }],
		[' t = 1 , s = ab , s=cd', { timestamp: '1', signatures: ['ab', 'cd'], malformed: false }],
		['s=ab,t=1,v1=zz', { timestamp: '1', signatures: ['ab'], malformed: false }],
		['t=1,s=a=b', { timestamp: '1', signatures: ['a=b'], malformed: false }],
		['t=1,t=2,s=ab', { timestamp: '2', signatures: ['ab'], malformed: true }],
		['t=1,t=1,s=ab', { timestamp: '1', signatures: ['ab'], malformed: false }],
		['garbage', { timestamp: undefined, signatures: [], malformed: false }],
		['t=1,s=', { timestamp: '1', signatures: [], malformed: false }],
	])('%j', (header, expected) => {
		expect(parseSignatureHeader(header)).toEqual(expected);
	});
});

describe('verifyTikTokSignature', () => {
	const check = (
		header: string | string[] | undefined,
		overrides: Partial<Parameters<typeof verifyTikTokSignature>[0]> = {},
	) =>
		verifyTikTokSignature({ header, rawBody: BODY, secret: SECRET, nowSeconds: T, ...overrides });
	const other = computeSignature('another-apps-secret', String(T), BODY);

	it.each<
		[
			string,
			string | string[] | undefined,
			Partial<Parameters<typeof verifyTikTokSignature>[0]>,
			unknown,
		]
	>([
		['a correct signature', `t=${T},s=${GOOD}`, {}, { valid: true, timestamp: T }],
		[
			'upper-case hex of the same digest',
			`t=${T},s=${GOOD.toUpperCase()}`,
			{},
			{ valid: true, timestamp: T },
		],
		['a match on the second s=', `t=${T},s=${other},s=${GOOD}`, {}, { valid: true, timestamp: T }],
		['a match on the first s=', `t=${T},s=${GOOD},s=${other}`, {}, { valid: true, timestamp: T }],
		['parts in any order, with spaces', ` s=${GOOD} , t=${T} `, {}, { valid: true, timestamp: T }],
		['Node-joined repeated headers', [`t=${T}`, `s=${GOOD}`], {}, { valid: true, timestamp: T }],
		['no header', undefined, {}, { valid: false, reason: 'missing' }],
		['an empty header', '  ', {}, { valid: false, reason: 'missing' }],
		[
			'no secret configured',
			`t=${T},s=${GOOD}`,
			{ secret: '' },
			{ valid: false, reason: 'noSecret' },
		],
		['no t=', `s=${GOOD}`, {}, { valid: false, reason: 'malformed' }],
		['no s=', `t=${T}`, {}, { valid: false, reason: 'malformed' }],
		['a non-numeric t', `t=abc,s=${GOOD}`, {}, { valid: false, reason: 'malformed' }],
		['two different t=', `t=${T},t=${T + 1},s=${GOOD}`, {}, { valid: false, reason: 'malformed' }],
		["another app's secret", `t=${T},s=${other}`, {}, { valid: false, reason: 'mismatch' }],
		[
			'a truncated signature',
			`t=${T},s=${GOOD.slice(0, 63)}`,
			{},
			{ valid: false, reason: 'mismatch' },
		],
		['a non-hex signature', `t=${T},s=${'z'.repeat(64)}`, {}, { valid: false, reason: 'mismatch' }],
		[
			'an altered body',
			`t=${T},s=${GOOD}`,
			{ rawBody: Buffer.from(BODY.toString().replace('complete', 'failed')) },
			{ valid: false, reason: 'mismatch' },
		],
		[
			'a signature for another timestamp',
			`t=${T + 1},s=${GOOD}`,
			{ nowSeconds: T + 1 },
			{ valid: false, reason: 'mismatch' },
		],
		[
			'exactly at the tolerance',
			`t=${T},s=${GOOD}`,
			{ nowSeconds: T + 300 },
			{ valid: true, timestamp: T },
		],
		[
			'one second past the default 300 s',
			`t=${T},s=${GOOD}`,
			{ nowSeconds: T + 301 },
			{ valid: false, reason: 'stale' },
		],
		[
			'from the future beyond tolerance',
			`t=${T},s=${GOOD}`,
			{ nowSeconds: T - 301 },
			{ valid: false, reason: 'stale' },
		],
		[
			"a millisecond timestamp (13 digits: not TikTok's seconds)",
			`t=${T}000,s=${GOOD}`,
			{},
			{ valid: false, reason: 'malformed' },
		],
		[
			'stale under a custom tolerance',
			`t=${T},s=${GOOD}`,
			{ nowSeconds: T + 61, toleranceSeconds: 60 },
			{ valid: false, reason: 'stale' },
		],
		[
			'fresh under a longer tolerance',
			`t=${T},s=${GOOD}`,
			{ nowSeconds: T + 3000, toleranceSeconds: 3600 },
			{ valid: true, timestamp: T },
		],
	])('%s', (_name, header, overrides, expected) => {
		expect(check(header, overrides)).toEqual(expected);
	});

	it('checks the timestamp before the signature (a stale replay is stale, whatever it carries)', () => {
		expect(check(`t=${T},s=${other}`, { nowSeconds: T + 10_000 })).toEqual({
			valid: false,
			reason: 'stale',
		});
	});
});
