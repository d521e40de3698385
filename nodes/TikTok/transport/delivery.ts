/**
 * Whether a failed request may have reached TikTok. Post inits are not idempotent, so their
 * callers must know which of three things happened:
 * - `answered`: TikTok answered with an error, so it created nothing;
 * - `notSent`: the request never left (no connection, or refused before it was sent);
 * - `unknown`: the request may have arrived and the answer was lost (reset, hang-up, timeout,
 *   an answer that is not TikTok's): TikTok may have acted on it.
 * The transport tags each error it throws; `deliveryOf` reads the tag (untagged errors are
 * `unknown`, the safe reading).
 */
import { findInCauseChain } from '../helpers/causes';

export type Delivery = 'answered' | 'notSent' | 'unknown';

/** Socket and TLS errors raised before any byte of the request is written. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'EADDRNOTAVAIL',
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const deliveries = new WeakMap<object, Delivery>();

/** Reads the error code of a request that got no HTTP answer (n8n wraps axios' error in `cause`). */
export function deliveryOfNetworkError(error: unknown): 'notSent' | 'unknown' {
	const code = findInCauseChain(error, (candidate) => {
		const value =
			typeof candidate === 'object' ? (candidate as { code?: unknown }).code : undefined;
		return typeof value === 'string' ? value : undefined;
	});
	return code !== undefined && NOT_SENT_CODES.has(code) ? 'notSent' : 'unknown';
}

export function withDelivery<E extends object>(error: E, delivery: Delivery): E {
	deliveries.set(error, delivery);
	return error;
}

export function deliveryOf(error: unknown): Delivery {
	return (
		(typeof error === 'object' && error !== null ? deliveries.get(error) : undefined) ?? 'unknown'
	);
}
