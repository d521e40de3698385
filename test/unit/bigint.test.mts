import { describe, expect, it } from 'vitest';

import {
	parseJsonKeepingBigInts,
	parseJsonObject,
	quoteUnsafeIntegers,
} from '../../nodes/TikTok/helpers/bigint.ts';

describe('parseJsonKeepingBigInts', () => {
	it.each([
		[
			'19-digit post ID in an array',
			'{"ids":[7300000000000000001]}',
			{ ids: ['7300000000000000001'] },
		],
		['largest safe integer stays a number', '{"n":9007199254740991}', { n: 9007199254740991 }],
		['first unsafe integer becomes a string', '{"n":9007199254740993}', { n: '9007199254740993' }],
		['negative unsafe integer', '{"n":-9007199254740993}', { n: '-9007199254740993' }],
		[
			'floats are untouched',
			'{"f":12345678901234567.5,"e":1e21}',
			{ f: 12345678901234567.5, e: 1e21 },
		],
		[
			'digits inside strings are untouched',
			'{"s":"7300000000000000001","t":"a\\"7300000000000000001"}',
			{ s: '7300000000000000001', t: 'a"7300000000000000001' },
		],
		[
			'escaped backslash before a quote ends the string',
			'{"s":"x\\\\","n":7300000000000000001}',
			{ s: 'x\\', n: '7300000000000000001' },
		],
		[
			'small ints and booleans',
			'{"a":0,"b":-1,"c":true,"d":null}',
			{ a: 0, b: -1, c: true, d: null },
		],
		[
			'several IDs with whitespace',
			'{ "ids" : [ 7300000000000000001 , 7300000000000000002 ] }',
			{ ids: ['7300000000000000001', '7300000000000000002'] },
		],
	])('%s', (_name, input, expected) => {
		expect(parseJsonKeepingBigInts(input)).toEqual(expected);
	});

	it('shows why it exists: JSON.parse loses the last digits', () => {
		const text = '[7300000000000000001]';
		expect(String((JSON.parse(text) as number[])[0])).not.toBe('7300000000000000001');
		expect(quoteUnsafeIntegers(text)).toBe('["7300000000000000001"]');
	});
});

describe('parseJsonObject: an answer body as a JSON object, else {}', () => {
	it.each<[string, unknown, object]>([
		[
			'text with an int64 ID',
			'{"data":{"id":7300000000000000001}}',
			{ data: { id: '7300000000000000001' } },
		],
		['an object n8n already parsed', { code: 0, data: {} }, { code: 0, data: {} }],
		['empty text', '', {}],
		['blank text', '  ', {}],
		['text that is not JSON (a gateway page)', '<html>502 Bad Gateway</html>', {}],
		['JSON null', 'null', {}],
		['a JSON list', '[1,2]', {}],
		['a parsed list', [1, 2], {}],
		['a number', 5, {}],
		['a buffer', Buffer.from('{"a":1}'), {}],
		['nothing', undefined, {}],
	])('%s', (_name, body, expected) => {
		expect(parseJsonObject(body)).toEqual(expected);
	});
});
