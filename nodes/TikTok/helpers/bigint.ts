import type { IDataObject } from 'n8n-workflow';

/**
 * JSON parsing that keeps 64-bit integers exact.
 *
 * TikTok sends some IDs (e.g. `publicaly_available_post_id`) as bare int64 numbers. `JSON.parse`
 * turns 7300000000000000001 into 7300000000000000000 without complaint, so every integer literal
 * outside the safe range is quoted before parsing and surfaces as a string with all its digits.
 * Safe integers, floats and everything inside strings are left untouched.
 */
export function parseJsonKeepingBigInts<T = unknown>(text: string): T {
	return JSON.parse(quoteUnsafeIntegers(text)) as T;
}

/**
 * An answer body as a JSON object: parsed from text, or as received when already parsed.
 * Anything else (not JSON, `null`, a list, a buffer) is `{}`: never an answer to trust.
 */
export function parseJsonObject(rawBody: unknown): IDataObject {
	let parsed: unknown = rawBody;
	if (typeof rawBody === 'string') {
		try {
			parsed = parseJsonKeepingBigInts<unknown>(rawBody);
		} catch {
			parsed = undefined;
		}
	}
	return parsed && typeof parsed === 'object' && !Array.isArray(parsed) && !Buffer.isBuffer(parsed)
		? (parsed as IDataObject)
		: {};
}

export function quoteUnsafeIntegers(text: string): string {
	let out = '';
	let i = 0;
	const length = text.length;
	while (i < length) {
		const ch = text[i];
		if (ch === '"') {
			// Copy the whole string literal, honouring escapes.
			let j = i + 1;
			while (j < length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
			out += text.slice(i, j + 1);
			i = j + 1;
			continue;
		}
		if (ch === '-' || (ch >= '0' && ch <= '9')) {
			let j = i + 1;
			while (j < length && /[0-9eE.+-]/.test(text[j])) j++;
			const literal = text.slice(i, j);
			out +=
				/^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal))
					? `"${literal}"`
					: literal;
			i = j;
			continue;
		}
		out += ch;
		i++;
	}
	return out;
}
