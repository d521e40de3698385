/**
 * Turns what users paste (an ID, a TikTok link) into a TikTok video ID, kept as a string with all
 * its digits. Why never a number: docs/architecture.md, "64-bit IDs".
 */

/** One TikTok video link. Capture group 1 is the ID. Query strings and fragments are allowed. */
export const VIDEO_URL_PATTERN =
	'https?://(?:(?:www|m)\\.)?tiktok\\.com/@[^/?#\\s]+/video/(\\d{1,19})(?:[/?#]\\S*)?';

/** One ID, spaces around it allowed. */
export const VIDEO_ID_PATTERN = '\\s*\\d{1,19}\\s*';

/** One or more IDs separated by commas and/or whitespace. */
export const VIDEO_ID_LIST_PATTERN = '[\\s,]*\\d{1,19}(?:[\\s,]+\\d{1,19})*[\\s,]*';

const VIDEO_URL_REGEX = new RegExp(`^${VIDEO_URL_PATTERN}$`);
const INT64_MAX = 9223372036854775807n;
const EXAMPLE_URL = 'https://www.tiktok.com/@user/video/7300000000000000001';

/** Bad input, with the fix to show the user. */
export class VideoIdError extends Error {
	constructor(
		message: string,
		readonly fix: string,
	) {
		super(message);
		this.name = 'VideoIdError';
	}
}

const ID_FIX = `A video ID is the number at the end of a video link (${EXAMPLE_URL}): up to 19 digits.`;
const URL_FIX = `Use a video link like ${EXAMPLE_URL} (query strings are fine), or switch to "By ID" and enter the number at its end.`;

/** A single video ID, given as digits (string or bigint) or as a number small enough to be exact. */
export function parseVideoId(value: unknown): string {
	const ids = parseVideoIdList(value);
	if (ids.length > 1) {
		throw new VideoIdError(`Expected one video ID, got ${ids.length}`, 'Enter a single video ID.');
	}
	return ids[0];
}

/**
 * One or more video IDs: separated by commas and/or whitespace, or as an array (e.g. from an
 * expression). Duplicates are kept once.
 */
export function parseVideoIdList(value: unknown): string[] {
	if (Array.isArray(value)) {
		const ids = value.flatMap((element: unknown) => parseVideoIdList(element));
		if (ids.length === 0) throw new VideoIdError('No video ID given', ID_FIX);
		return [...new Set(ids)];
	}
	if (typeof value === 'number') return [idFromNumber(value)];
	if (typeof value === 'bigint') return [normaliseId(value.toString())];
	if (typeof value !== 'string') {
		throw new VideoIdError(`Expected a video ID, got ${describe(value)}`, ID_FIX);
	}
	const tokens = value.split(/[\s,]+/).filter((token) => token !== '');
	if (tokens.length === 0) {
		throw new VideoIdError('No video ID given', ID_FIX);
	}
	return [...new Set(tokens.map(normaliseId))];
}

/** The ID in a TikTok video link. */
export function parseVideoUrl(value: unknown): string {
	if (typeof value !== 'string' || value.trim() === '') {
		throw new VideoIdError(`Expected a TikTok video link, got ${describe(value)}`, URL_FIX);
	}
	const text = value.trim();
	const match = VIDEO_URL_REGEX.exec(text);
	if (match) return normaliseId(match[1]);
	if (/^\d+$/.test(text)) {
		throw new VideoIdError(
			`"${text}" is a video ID, not a link`,
			'Switch "Video" to "By ID", or paste the full video link.',
		);
	}
	if (/^(?:https?:\/\/)?(?:vm|vt)\.tiktok\.com\//.test(text)) {
		throw new VideoIdError(
			`"${text}" is a TikTok short link`,
			`Short links only redirect, so they carry no video ID. Open it in a browser and copy the full address, which looks like ${EXAMPLE_URL}.`,
		);
	}
	throw new VideoIdError(`"${truncate(text)}" is not a TikTok video link`, URL_FIX);
}

/** Accepts either a video ID or a video link. */
export function parseVideoIdOrUrl(value: unknown): string {
	if (typeof value === 'string' && /^\s*https?:\/\//.test(value)) return parseVideoUrl(value);
	return parseVideoId(value);
}

function normaliseId(token: string): string {
	if (!/^\d{1,19}$/.test(token)) {
		throw new VideoIdError(`"${truncate(token)}" is not a TikTok video ID`, ID_FIX);
	}
	const id = BigInt(token);
	if (id === 0n || id > INT64_MAX) {
		throw new VideoIdError(`"${truncate(token)}" is not a TikTok video ID`, ID_FIX);
	}
	// Leading zeros would never match the ID TikTok sends back.
	return id.toString();
}

function idFromNumber(value: number): string {
	if (!Number.isSafeInteger(value)) {
		throw new VideoIdError(
			`The video ID ${String(value)} arrived as a number and has lost digits`,
			'Video IDs have 19 digits, more than a number holds exactly. Pass the ID as text, such as the "id" field TikTok nodes output (always a string).',
		);
	}
	return normaliseId(String(value));
}

function describe(value: unknown): string {
	if (value === undefined || value === null || value === '') return 'nothing';
	return `a value of type ${Array.isArray(value) ? 'array' : typeof value}`;
}

function truncate(text: string, max = 80): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Several videos, each as an ID or a tiktok.com link, separated by commas, whitespace or new
 * lines, or as an array (e.g. from an expression). Duplicates are kept once, in the order given.
 */
export function parseVideoIdsOrUrls(value: unknown): string[] {
	const tokens = Array.isArray(value)
		? value.flatMap((element: unknown) =>
				typeof element === 'string' ? element.split(/[\s,]+/) : [element],
			)
		: typeof value === 'string'
			? value.split(/[\s,]+/)
			: [value];
	const given = tokens.filter((token) => token !== '' && token !== undefined && token !== null);
	if (given.length === 0) throw new VideoIdError('No video ID given', ID_FIX);
	return [...new Set(given.map((token) => parseVideoIdOrUrl(token)))];
}
