import { describe, expect, it } from 'vitest';

import { parameterText, TextParameterError } from '../../nodes/TikTok/helpers/text.ts';

function failure(run: () => unknown): { message: string; fix: string } {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(TextParameterError);
		return {
			message: (error as TextParameterError).message,
			fix: (error as TextParameterError).fix,
		};
	}
	throw new Error('expected a TextParameterError');
}

describe('#9.13 parameterText: text and numbers only', () => {
	it.each([
		['text, untouched', '  Sunset #n8n \n', '  Sunset #n8n \n'],
		['empty text', '', ''],
		['undefined (a missing field)', undefined, ''],
		['null', null, ''],
		['an integer', 42, '42'],
		['a decimal', 3.5, '3.5'],
		['zero', 0, '0'],
		['the largest exact integer', Number.MAX_SAFE_INTEGER, '9007199254740991'],
		['a bigint, exact', 7300000000000000001n, '7300000000000000001'],
	])('accepts %s', (_name, input, expected) => {
		expect(parameterText(input, '"Caption"')).toBe(expected);
	});

	it.each([
		[
			'an object',
			{ text: 'hi' },
			'"Caption" must be text, but the expression gave an object',
			'{{ $json.caption.text }}',
		],
		[
			'an empty object',
			{},
			'"Caption" must be text, but the expression gave an object',
			'JSON.stringify',
		],
		[
			'a list of two',
			['a', 'b'],
			'"Caption" must be text, but the expression gave a list of 2 values',
			"join(' ')",
		],
		[
			'a list of one',
			['a'],
			'"Caption" must be text, but the expression gave a list of 1 value',
			'$json.list[0]',
		],
		[
			'an empty list',
			[],
			'"Caption" must be text, but the expression gave a list of 0 values',
			'Split Out',
		],
		[
			'true',
			true,
			'"Caption" must be text, but the expression gave true/false (true)',
			'Map a text field',
		],
		[
			'false',
			false,
			'"Caption" must be text, but the expression gave true/false (false)',
			'Map a text field',
		],
		[
			'NaN',
			Number.NaN,
			'"Caption" must be text, but the expression gave the number NaN',
			'Map a text field',
		],
		[
			'Infinity',
			Number.POSITIVE_INFINITY,
			'"Caption" must be text, but the expression gave the number Infinity',
			'Map a text field',
		],
		[
			'a rounded 19-digit ID',
			7300000000000000001,
			'"Caption" arrived as a number and has lost digits (7300000000000000000)',
			'Pass the value as text',
		],
	])('refuses %s, naming the parameter and the fix', (_name, input, message, fix) => {
		const { message: actual, fix: actualFix } = failure(() => parameterText(input, '"Caption"'));
		expect(actual).toBe(message);
		expect(actualFix).toContain(fix);
	});

	it('names the parameter as given, e.g. one entry of a list parameter', () => {
		expect(failure(() => parameterText({ url: 'x' }, '"Photo URLs" entry 2')).message).toBe(
			'"Photo URLs" entry 2 must be text, but the expression gave an object',
		);
	});
});
