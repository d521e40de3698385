import { describe, expect, it } from 'vitest';

import { parseJsonKeepingBigInts, quoteUnsafeIntegers } from '../../nodes/TikTok/helpers/bigint.ts';

describe('parseJsonKeepingBigInts', () => {
	it.each([
		['19-digit post ID in an array', '{"ids":[7300000000000000001]}', { ids: ['7300000000000000001'] }],
		['largest safe integer stays a number', '{"n":9007199254740991}', { n: 9007199254740991 }],
		['first unsafe integer becomes a string', '{"n":9007199254740993}', { n: '9007199254740993' }],
		['negative unsafe integer', '{"n":-9007199254740993}', { n: '-9007199254740993' }],
		['floats are untouched', '{"f":12345678901234567.5,"e":1e21}', { f: 12345678901234567.5, e: 1e21 }],
		['digits inside strings are untouched', '{"s":"7300000000000000001","t":"a\\"7300000000000000001"}', { s: '7300000000000000001', t: 'a"7300000000000000001' }],
		['escaped backslash before a quote ends the string', '{"s":"x\\\\","n":7300000000000000001}', { s: 'x\\', n: '7300000000000000001' }],
		['small ints and booleans', '{"a":0,"b":-1,"c":true,"d":null}', { a: 0, b: -1, c: true, d: null }],
		['several IDs with whitespace', '{ "ids" : [ 7300000000000000001 , 7300000000000000002 ] }', { ids: ['7300000000000000001', '7300000000000000002'] }],
	])('%s', (_name, input, expected) => {
		expect(parseJsonKeepingBigInts(input)).toEqual(expected);
	});

	it('shows why it exists: JSON.parse loses the last digits', () => {
		const text = '[7300000000000000001]';
		expect(String((JSON.parse(text) as number[])[0])).not.toBe('7300000000000000001');
		expect(quoteUnsafeIntegers(text)).toBe('["7300000000000000001"]');
	});
});
