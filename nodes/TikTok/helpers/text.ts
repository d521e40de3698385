/**
 * Text parameters as an expression may deliver them. An expression can return any JSON value,
 * and `String()` would turn an object into "[object Object]" and a list into "a,b", which would
 * then reach TikTok as a caption or an ID. So only text and numbers count as text here.
 */

/** Bad input, with the fix to show the user. */
export class TextParameterError extends Error {
	constructor(
		message: string,
		readonly fix: string,
	) {
		super(message);
		this.name = 'TextParameterError';
	}
}

/**
 * The text of a parameter. `subject` names it in messages, as the user sees it: `"Caption"`,
 * `"Photo URLs" entry 2`.
 * - text: as given (callers trim and check emptiness, as each parameter needs);
 * - nothing (null, undefined, a missing field): empty text;
 * - a finite number: its decimal form (a numeric caption, a short ID), unless it is an integer
 *   too large to be exact: a 19-digit ID that passed through a number has lost digits;
 * - anything else (object, list, true/false, NaN): refused, with the fix.
 */
export function parameterText(value: unknown, subject: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) {
		if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
			throw new TextParameterError(
				`${subject} arrived as a number and has lost digits (${String(value)})`,
				'Numbers keep only about 15 exact digits, and TikTok IDs have 19. Pass the value as text, e.g. the ID fields TikTok nodes output (always text).',
			);
		}
		return String(value);
	}
	if (typeof value === 'bigint') return value.toString();
	throw new TextParameterError(
		`${subject} must be text, but the expression gave ${describe(value)}`,
		fixFor(value),
	);
}

function describe(value: unknown): string {
	if (Array.isArray(value))
		return `a list of ${value.length} value${value.length === 1 ? '' : 's'}`;
	if (typeof value === 'boolean') return `true/false (${String(value)})`;
	if (typeof value === 'number') return `the number ${String(value)}`;
	return `${typeof value === 'object' ? 'an object' : `a ${typeof value}`}`;
}

function fixFor(value: unknown): string {
	if (Array.isArray(value)) {
		return "Map a single entry (e.g. {{ $json.list[0] }}), join the list into one text if that is meant (e.g. {{ $json.list.join(' ') }}), or split it into one item per entry first (Split Out node).";
	}
	if (value !== null && typeof value === 'object') {
		return 'Map the text field inside it (e.g. {{ $json.caption.text }} rather than {{ $json.caption }}), or {{ JSON.stringify(...) }} if the JSON itself is meant.';
	}
	return 'Map a text field, or write the text in the parameter.';
}
