/**
 * The date range of Account > Get Insights, checked before any call against TikTok's rules for
 * `business/get/`: UTC days as YYYY-MM-DD, both included, the start at most 60 days back, and
 * by default the last 7 full days (docs/business-api.md, "Account insights and videos").
 */

/** How far back TikTok keeps an account's daily metrics, in days before today (UTC). */
export const MAX_LOOKBACK_DAYS = 60;
/** Without a start date: this many days before today. */
export const DEFAULT_START_DAYS_BACK = 7;
/** Without an end date: yesterday, the last full day. */
export const DEFAULT_END_DAYS_BACK = 1;

const DAY_MS = 86_400_000;

/** Bad dates, with the parameter to fix and how. */
export class DateRangeError extends Error {
	constructor(
		message: string,
		readonly parameter: 'Start Date' | 'End Date',
		readonly fix: string,
	) {
		super(message);
		this.name = 'DateRangeError';
	}
}

export interface DateRange {
	startDate: string;
	endDate: string;
}

/** A UTC day as YYYY-MM-DD. */
export function utcDay(epochMs: number): string {
	return new Date(epochMs).toISOString().slice(0, 10);
}

function daysBefore(day: string, days: number): string {
	return utcDay(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS);
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;

/**
 * A date parameter as a calendar day, or undefined when left empty. Accepted: YYYY-MM-DD, an
 * ISO date-time (the editor's picker gives one without a zone; an expression may add one), a
 * JavaScript Date, or a Luxon DateTime from `$now`/`$today`. The day is taken as written, in the
 * value's own zone, so `{{ $today }}` means today where the workflow runs; TikTok counts the day in UTC.
 */
export function parseDay(
	value: unknown,
	parameter: DateRangeError['parameter'],
): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw unparsable(parameter, 'an invalid date');
		return utcDay(value.getTime());
	}
	const luxon = value as { isValid?: unknown; toISODate?: unknown };
	if (typeof value === 'object' && typeof luxon.toISODate === 'function') {
		const day = (luxon.toISODate as () => string | null).call(value);
		if (luxon.isValid === false || typeof day !== 'string') {
			throw unparsable(parameter, 'an invalid date');
		}
		return checkedDay(day, parameter, day);
	}
	if (typeof value !== 'string') {
		throw unparsable(parameter, `a value of type ${typeof value}`);
	}
	const text = value.trim();
	if (text === '') return undefined;
	const match = DAY_PATTERN.exec(text);
	if (!match) throw unparsable(parameter, `"${text.slice(0, 40)}"`);
	return checkedDay(`${match[1]}-${match[2]}-${match[3]}`, parameter, text);
}

function checkedDay(day: string, parameter: DateRangeError['parameter'], original: string) {
	const epoch = Date.parse(`${day}T00:00:00Z`);
	// Date.parse rolls 2026-02-30 over to March: a day that does not come back the same does not exist.
	if (Number.isNaN(epoch) || utcDay(epoch) !== day) {
		throw unparsable(parameter, `"${original.slice(0, 40)}"`);
	}
	return day;
}

function unparsable(parameter: DateRangeError['parameter'], got: string): DateRangeError {
	return new DateRangeError(
		`"${parameter}" is not a date: got ${got}`,
		parameter,
		'Pick a date, or use an expression that gives a date such as 2026-11-01 or {{ $today.minus({ days: 7 }) }}.',
	);
}

/**
 * The range to ask TikTok for, `now` being the current time (epoch ms). Refused: a start after
 * the end, a start more than 60 days before today (UTC), an end after today.
 */
export function resolveDateRange(start: unknown, end: unknown, now: number): DateRange {
	const today = utcDay(now);
	const startDate = parseDay(start, 'Start Date') ?? daysBefore(today, DEFAULT_START_DAYS_BACK);
	const endDate = parseDay(end, 'End Date') ?? daysBefore(today, DEFAULT_END_DAYS_BACK);
	const earliest = daysBefore(today, MAX_LOOKBACK_DAYS);
	if (endDate > today) {
		throw new DateRangeError(
			`"End Date" ${endDate} is in the future (today is ${today} in UTC)`,
			'End Date',
			`Choose ${today} or earlier. TikTok's daily metrics arrive 24-48 hours late, so yesterday is usually the last complete day.`,
		);
	}
	if (startDate < earliest) {
		throw new DateRangeError(
			`"Start Date" ${startDate} is more than ${MAX_LOOKBACK_DAYS} days back`,
			'Start Date',
			`TikTok keeps an account's daily metrics for ${MAX_LOOKBACK_DAYS} days: choose ${earliest} or later (UTC). Store older days yourself, e.g. with a weekly run that appends to a sheet.`,
		);
	}
	if (startDate > endDate) {
		throw new DateRangeError(
			`"Start Date" ${startDate} is after "End Date" ${endDate}`,
			'Start Date',
			'Choose a start on or before the end. Both days are included.',
		);
	}
	return { startDate, endDate };
}
