/**
 * Video > Get Many's "Published Before" as TikTok's `cursor`: a UTC epoch in milliseconds. Users
 * pick a date in the editor (the picker gives a date-time without a zone, meant in the workflow's
 * time zone); expressions may give a date-time with a zone, a Date, a Luxon DateTime or, as
 * before, the epoch in milliseconds itself (e.g. a video's Create Time × 1000).
 */

/** Any epoch in milliseconds after early 1973 is at least this; seconds stay far below it. */
const SMALLEST_MILLISECOND_CURSOR = 100_000_000_000;

const WALL_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** A value that cannot be a cursor: what is wrong, and how to fix it. */
export class PublishedBeforeError extends Error {
	constructor(
		message: string,
		readonly fix: string,
	) {
		super(message);
		this.name = 'PublishedBeforeError';
	}
}

const LABEL = '"Published Before"';

/** The cursor for `value`, or undefined when the option is empty (start from the newest). */
export function publishedBeforeCursor(value: unknown, timeZone: string): number | undefined {
	if (value === undefined || value === null || value === '' || value === 0) return undefined;
	if (typeof value === 'number') return checkedEpoch(value, String(value));
	if (value instanceof Date) return checkedEpoch(value.getTime(), 'an invalid date');
	const luxon = value as { toMillis?: unknown };
	if (typeof value === 'object' && typeof luxon.toMillis === 'function') {
		return checkedEpoch((luxon.toMillis as () => number).call(value), 'an invalid date');
	}
	if (typeof value !== 'string') throw unreadable(`a value of type ${typeof value}`);
	const text = value.trim();
	if (text === '') return undefined;
	if (/^\d+$/.test(text)) return checkedEpoch(Number(text), text);
	if (HAS_ZONE.test(text)) {
		// Date.parse rolls impossible dates over (February 30 becomes March 1): checked first.
		wallTimeAsUtc(text.replace(HAS_ZONE, ''), text);
		const epoch = Date.parse(text);
		if (Number.isNaN(epoch)) throw unreadable(`"${text.slice(0, 40)}"`);
		return checkedEpoch(epoch, text);
	}
	const asUtc = wallTimeAsUtc(text, text);
	return checkedEpoch(asUtc - zoneOffsetMs(asUtc, timeZone), text);
}

/** A date-time without a zone read as if it were UTC; refused unless every part exists. */
function wallTimeAsUtc(wallTime: string, shown: string): number {
	const wall = WALL_TIME.exec(wallTime);
	if (!wall) throw unreadable(`"${shown.slice(0, 40)}"`);
	const [, year, month, day, hour = '0', minute = '0', second = '0', ms = '0'] = wall;
	const asUtc = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, +ms.padEnd(3, '0'));
	const parsed = new Date(asUtc);
	// Date.UTC rolls over out-of-range parts (month 13, minute 60): none may have moved.
	if (parsed.getUTCMonth() !== +month - 1 || parsed.getUTCDate() !== +day)
		throw unreadable(`"${shown.slice(0, 40)}" (no such day)`);
	if (
		parsed.getUTCHours() !== +hour ||
		parsed.getUTCMinutes() !== +minute ||
		parsed.getUTCSeconds() !== +second
	)
		throw unreadable(`"${shown.slice(0, 40)}" (no such time)`);
	return asUtc;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `epochMs`, in milliseconds. */
function offsetAt(epochMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(epochMs));
	const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const wall = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour'),
		part('minute'),
		part('second'),
	);
	return wall - Math.floor(epochMs / 1000) * 1000;
}

/** The offset that applies to a wall time read as UTC: checked again at the corrected instant (DST). */
function zoneOffsetMs(wallAsUtc: number, timeZone: string): number {
	const first = offsetAt(wallAsUtc, timeZone);
	return offsetAt(wallAsUtc - first, timeZone);
}

function checkedEpoch(epoch: number, shown: string): number {
	if (!Number.isSafeInteger(epoch) || epoch < 0) throw unreadable(shown);
	if (epoch < SMALLEST_MILLISECOND_CURSOR) {
		throw new PublishedBeforeError(
			`${LABEL} looks like seconds, not milliseconds: ${epoch}`,
			`TikTok's cursor is in milliseconds, while Create Time is in seconds. Multiply by 1000 (${epoch * 1000}), or pick a date.`,
		);
	}
	return epoch;
}

function unreadable(shown: string): PublishedBeforeError {
	return new PublishedBeforeError(
		`${LABEL} must be a date or a Unix epoch in milliseconds, got ${shown}`,
		'Pick a date, give an ISO date-time such as 2024-11-19T08:00:00Z, or a whole number such as 1732000000000; remove the option to start from the newest video.',
	);
}
