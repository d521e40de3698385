/**
 * Checks TikTok for Developers webhook signatures (the TikTok-Signature header) against the app's
 * client secret. The format and the checks: docs/architecture.md, "Webhook signatures".
 */
import { createHmac, timingSafeEqual } from 'crypto';

/** TikTok documents no tolerance; five minutes is the usual choice. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

export const SIGNATURE_HEADER = 'tiktok-signature';

export type SignatureFailure =
	/** No TikTok-Signature header at all. */
	| 'missing'
	/** A header, but no usable `t` or `s` in it. */
	| 'malformed'
	/** `t` is further from now than the tolerance. */
	| 'stale'
	/** No `s` matches the body: wrong secret, altered body or forged call. */
	| 'mismatch'
	/** No client secret to check against. */
	| 'noSecret';

export type SignatureCheck =
	| { valid: true; timestamp: number }
	| { valid: false; reason: SignatureFailure };

export interface ParsedSignatureHeader {
	/** The `t` value exactly as sent (it is part of the signed message). */
	timestamp?: string;
	signatures: string[];
	/** Set when the header cannot be trusted to mean one thing (e.g. two different `t`). */
	malformed: boolean;
}

/** Splits on `,`, then each part on its first `=`. Unknown keys are ignored. */
export function parseSignatureHeader(header: string): ParsedSignatureHeader {
	const result: ParsedSignatureHeader = { signatures: [], malformed: false };
	for (const part of header.split(',')) {
		const separator = part.indexOf('=');
		if (separator < 0) continue;
		const key = part.slice(0, separator).trim();
		const value = part.slice(separator + 1).trim();
		if (key === 't') {
			if (result.timestamp !== undefined && result.timestamp !== value) result.malformed = true;
			result.timestamp = value;
		} else if (key === 's' && value !== '') {
			result.signatures.push(value);
		}
	}
	return result;
}

/** hex(HMAC-SHA256(secret, timestamp + "." + rawBody)), lowercase. */
export function computeSignature(
	secret: string,
	timestamp: string,
	rawBody: Buffer | string,
): string {
	return createHmac('sha256', secret)
		.update(`${timestamp}.`, 'utf8')
		.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
		.digest('hex');
}

/** A TikTok-Signature header value for a body, as TikTok would send it (tests, demos). */
export function signatureHeaderFor(
	secret: string,
	rawBody: Buffer | string,
	timestampSeconds: number,
): string {
	const timestamp = String(timestampSeconds);
	return `t=${timestamp},s=${computeSignature(secret, timestamp, rawBody)}`;
}

export interface VerifySignatureInput {
	/** The TikTok-Signature header as received (Node joins repeated headers with ", "). */
	header: string | string[] | undefined;
	rawBody: Buffer;
	secret: string;
	nowSeconds: number;
	toleranceSeconds?: number;
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;
const DIGITS = /^\d{1,12}$/;

export function verifyTikTokSignature(input: VerifySignatureInput): SignatureCheck {
	const header = Array.isArray(input.header) ? input.header.join(',') : input.header;
	if (header === undefined || header.trim() === '') return { valid: false, reason: 'missing' };
	if (!input.secret) return { valid: false, reason: 'noSecret' };

	const parsed = parseSignatureHeader(header);
	if (
		parsed.malformed ||
		parsed.timestamp === undefined ||
		!DIGITS.test(parsed.timestamp) ||
		parsed.signatures.length === 0
	) {
		return { valid: false, reason: 'malformed' };
	}
	const timestamp = Number(parsed.timestamp);
	const tolerance = input.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
	if (Math.abs(input.nowSeconds - timestamp) > tolerance) return { valid: false, reason: 'stale' };

	// Compare digests, not strings: 32 bytes each, in constant time. Hex case carries no meaning.
	const expected = Buffer.from(
		computeSignature(input.secret, parsed.timestamp, input.rawBody),
		'hex',
	);
	let matched = false;
	for (const signature of parsed.signatures) {
		if (!HEX_SHA256.test(signature)) continue;
		if (timingSafeEqual(expected, Buffer.from(signature, 'hex'))) matched = true;
	}
	return matched ? { valid: true, timestamp } : { valid: false, reason: 'mismatch' };
}
