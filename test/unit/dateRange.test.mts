import { describe, expect, it } from 'vitest';

import {
	DateRangeError,
	parseDay,
	resolveDateRange,
} from '../../nodes/TikTok/helpers/dateRange.ts';

/** 2026-11-25 at 10:00 UTC. */
const NOW = Date.parse('2026-11-25T10:00:00Z');

function refusal(run: () => unknown): DateRangeError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(DateRangeError);
		return error as DateRangeError;
	}
	throw new Error('expected a DateRangeError');
}

describe('parseDay', () => {
	it.each([
		['a day', '2026-11-01', '2026-11-01'],
		['the picker (no zone)', '2026-11-01T00:00:00', '2026-11-01'],
		['an ISO date-time in UTC', '2026-11-01T23:59:59.000Z', '2026-11-01'],
		[
			'an ISO date-time with an offset: the day as written',
			'2026-11-01T00:30:00+02:00',
			'2026-11-01',
		],
		['spaces around', '  2026-11-01 ', '2026-11-01'],
		['a date and time with a space', '2026-11-01 08:00', '2026-11-01'],
		['a JavaScript Date (UTC day)', new Date('2026-11-01T23:30:00Z'), '2026-11-01'],
		[
			'a Luxon-like DateTime (its own day)',
			{ isValid: true, toISODate: () => '2026-11-01' },
			'2026-11-01',
		],
		['empty', '', undefined],
		['undefined', undefined, undefined],
		['null', null, undefined],
	])('%s', (_, value, day) => {
		expect(parseDay(value, 'Start Date')).toBe(day);
	});

	it.each([
		['words', 'last monday', '"Start Date" is not a date: got "last monday"'],
		['day first', '01-11-2026', '"Start Date" is not a date: got "01-11-2026"'],
		['a day that does not exist', '2026-02-30', '"Start Date" is not a date: got "2026-02-30"'],
		['month 13', '2026-13-01', '"Start Date" is not a date: got "2026-13-01"'],
		['a number', 20261101, '"Start Date" is not a date: got a value of type number'],
		['an invalid Date', new Date('x'), '"Start Date" is not a date: got an invalid date'],
		[
			'an invalid Luxon DateTime',
			{ isValid: false, toISODate: () => null },
			'"Start Date" is not a date: got an invalid date',
		],
	])('refuses %s', (_, value, message) => {
		const error = refusal(() => parseDay(value, 'Start Date'));
		expect(error.message).toBe(message);
		expect(error.parameter).toBe('Start Date');
		expect(error.fix).toContain('Pick a date');
	});
});

describe('resolveDateRange', () => {
	it.each([
		['defaults: the last 7 full days', '', '', { startDate: '2026-11-18', endDate: '2026-11-24' }],
		[
			'a chosen range',
			'2026-11-01',
			'2026-11-07',
			{ startDate: '2026-11-01', endDate: '2026-11-07' },
		],
		['one day', '2026-11-20', '2026-11-20', { startDate: '2026-11-20', endDate: '2026-11-20' }],
		[
			'the earliest start: 60 days back',
			'2026-09-26',
			'',
			{ startDate: '2026-09-26', endDate: '2026-11-24' },
		],
		['today as the end', '', '2026-11-25', { startDate: '2026-11-18', endDate: '2026-11-25' }],
		[
			'only an end: start stays 7 days back',
			'',
			'2026-11-20',
			{ startDate: '2026-11-18', endDate: '2026-11-20' },
		],
	])('%s', (_, start, end, range) => {
		expect(resolveDateRange(start, end, NOW)).toEqual(range);
	});

	it('counts days in UTC: just after midnight UTC is already the new day', () => {
		expect(resolveDateRange('', '', Date.parse('2026-11-25T00:00:01Z'))).toEqual({
			startDate: '2026-11-18',
			endDate: '2026-11-24',
		});
		expect(resolveDateRange('', '', Date.parse('2026-11-24T23:59:59Z'))).toEqual({
			startDate: '2026-11-17',
			endDate: '2026-11-23',
		});
	});

	it.each([
		[
			'a start after the end',
			'2026-11-10',
			'2026-11-09',
			'Start Date',
			'"Start Date" 2026-11-10 is after "End Date" 2026-11-09',
			'Choose a start on or before the end',
		],
		[
			'a start 61 days back',
			'2026-09-25',
			'',
			'Start Date',
			'"Start Date" 2026-09-25 is more than 60 days back',
			'choose 2026-09-26 or later (UTC)',
		],
		[
			'an end in the future',
			'',
			'2026-11-26',
			'End Date',
			'"End Date" 2026-11-26 is in the future (today is 2026-11-25 in UTC)',
			'Choose 2026-11-25 or earlier',
		],
		[
			'an end before the default start',
			'',
			'2026-11-10',
			'Start Date',
			'"Start Date" 2026-11-18 is after "End Date" 2026-11-10',
			'Choose a start on or before the end',
		],
		[
			'an unparsable end',
			'',
			'tomorrow',
			'End Date',
			'"End Date" is not a date: got "tomorrow"',
			'Pick a date',
		],
	])('refuses %s', (_, start, end, parameter, message, fix) => {
		const error = refusal(() => resolveDateRange(start, end, NOW));
		expect(error.parameter).toBe(parameter);
		expect(error.message).toBe(message);
		expect(error.fix).toContain(fix);
	});
});
