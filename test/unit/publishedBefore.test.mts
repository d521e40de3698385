import { describe, expect, it } from 'vitest';

import {
	PublishedBeforeError,
	publishedBeforeCursor,
} from '../../nodes/TikTok/helpers/publishedBefore.ts';

function refusal(value: unknown): PublishedBeforeError {
	try {
		publishedBeforeCursor(value, 'UTC');
	} catch (error) {
		expect(error).toBeInstanceOf(PublishedBeforeError);
		return error as PublishedBeforeError;
	}
	throw new Error('expected a PublishedBeforeError');
}

describe('publishedBeforeCursor', () => {
	it.each([
		['the picker, UTC workflow', '2024-11-19T00:00:00', 'UTC', '2024-11-19T00:00:00.000Z'],
		[
			'the picker, Berlin in winter',
			'2024-11-19T08:00:00',
			'Europe/Berlin',
			'2024-11-19T07:00:00.000Z',
		],
		[
			'the picker, Berlin in summer',
			'2024-07-19T08:00:00',
			'Europe/Berlin',
			'2024-07-19T06:00:00.000Z',
		],
		['the picker, New York', '2024-11-19T08:00:00', 'America/New_York', '2024-11-19T13:00:00.000Z'],
		['a day alone, Tokyo', '2024-11-19', 'Asia/Tokyo', '2024-11-18T15:00:00.000Z'],
		[
			'a date-time with Z: its own zone wins',
			'2024-11-19T08:00:00Z',
			'Asia/Tokyo',
			'2024-11-19T08:00:00.000Z',
		],
		['a date-time with an offset', '2024-11-19T08:00:00+02:00', 'UTC', '2024-11-19T06:00:00.000Z'],
		['milliseconds as before', 1_732_000_000_000, 'UTC', '2024-11-19T07:06:40.000Z'],
		['milliseconds as text', ' 1732000000000 ', 'UTC', '2024-11-19T07:06:40.000Z'],
		['a Date', new Date('2024-11-19T08:00:00Z'), 'UTC', '2024-11-19T08:00:00.000Z'],
		[
			'a Luxon DateTime ($now)',
			{ toMillis: () => Date.parse('2024-11-19T08:00:00Z') },
			'UTC',
			'2024-11-19T08:00:00.000Z',
		],
	])('%s', (_name, value, timeZone, expected) => {
		expect(new Date(publishedBeforeCursor(value, timeZone)!).toISOString()).toBe(expected);
	});

	it.each([undefined, null, '', '  ', 0])('empty (%s) starts from the newest', (value) => {
		expect(publishedBeforeCursor(value, 'UTC')).toBeUndefined();
	});

	it.each([
		[
			'seconds',
			1_732_000_000,
			'"Published Before" looks like seconds, not milliseconds: 1732000000',
		],
		[
			'no date',
			'last week',
			'"Published Before" must be a date or a Unix epoch in milliseconds, got "last week"',
		],
		[
			'no such day',
			'2024-02-30',
			'"Published Before" must be a date or a Unix epoch in milliseconds, got "2024-02-30" (no such day)',
		],
		['negative', -5, '"Published Before" must be a date or a Unix epoch in milliseconds, got -5'],
		[
			'a boolean',
			true,
			'"Published Before" must be a date or a Unix epoch in milliseconds, got a value of type boolean',
		],
	])('refuses %s', (_name, value, message) => {
		expect(refusal(value).message).toBe(message);
	});

	it('names the fix for seconds', () => {
		expect(refusal(1_732_000_000).fix).toContain('Multiply by 1000 (1732000000000)');
	});
});
