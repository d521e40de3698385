import { describe, expect, it } from 'vitest';

import {
	deliveryOf,
	deliveryOfNetworkError,
	withDelivery,
} from '../../nodes/TikTok/transport/delivery.ts';

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe('#9.2 deliveryOfNetworkError: did a request without an answer leave?', () => {
	it.each<[string, unknown, 'notSent' | 'unknown']>([
		['connection refused', withCode('ECONNREFUSED'), 'notSent'],
		['host not found', withCode('ENOTFOUND'), 'notSent'],
		['DNS lookup failed for now', withCode('EAI_AGAIN'), 'notSent'],
		['network unreachable', withCode('ENETUNREACH'), 'notSent'],
		['TLS certificate refused', withCode('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'notSent'],
		['connection reset', withCode('ECONNRESET'), 'unknown'],
		['timed out', withCode('ETIMEDOUT'), 'unknown'],
		["axios' timeout", withCode('ECONNABORTED'), 'unknown'],
		['cancelled by the execution', withCode('ERR_CANCELED'), 'unknown'],
		['broken pipe', withCode('EPIPE'), 'unknown'],
		['no code at all', new Error('socket hang up'), 'unknown'],
		['not an error', 'oops', 'unknown'],
		[
			"n8n's wrapper around a refused connection",
			Object.assign(new Error('wrapped'), { cause: withCode('ECONNREFUSED') }),
			'notSent',
		],
		[
			"n8n's wrapper around a reset",
			Object.assign(new Error('wrapped'), {
				cause: Object.assign(new Error('axios'), { cause: withCode('ECONNRESET') }),
			}),
			'unknown',
		],
	])('#9.2 %s: %s', (_name, error, delivery) => {
		expect(deliveryOfNetworkError(error)).toBe(delivery);
	});
});

describe('#9.2 deliveryOf', () => {
	it('#9.2 reads the tag the transport put on its error, and says "unknown" for any other error', () => {
		const answered = withDelivery(new Error('TikTok rate limit reached'), 'answered');
		expect(deliveryOf(answered)).toBe('answered');
		expect(deliveryOf(withDelivery(new Error('refused'), 'notSent'))).toBe('notSent');
		expect(deliveryOf(new Error('untagged'))).toBe('unknown');
		expect(deliveryOf(undefined)).toBe('unknown');
	});
});
