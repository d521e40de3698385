import { describe, expect, it } from 'vitest';

import { findInCauseChain } from '../../nodes/TikTok/helpers/causes.ts';

const wrap = (cause: unknown, message = 'wrapper') => Object.assign(new Error(message), { cause });
const codeOf = (candidate: unknown) => {
	const code = (candidate as { code?: unknown }).code;
	return typeof code === 'string' ? code : undefined;
};
const withCode = (code: string) => Object.assign(new Error(code), { code });

describe('findInCauseChain', () => {
	it.each<[string, unknown, string | undefined]>([
		['the error itself', withCode('EAUTH'), 'EAUTH'],
		["n8n's NodeApiError around an axios error", wrap(wrap(withCode('ECONNRESET'))), 'ECONNRESET'],
		[
			'the outermost match wins',
			Object.assign(withCode('OUTER'), { cause: withCode('INNER') }),
			'OUTER',
		],
		['five levels deep is still found', wrap(wrap(wrap(wrap(withCode('DEEP'))))), 'DEEP'],
		['six levels deep is not', wrap(wrap(wrap(wrap(wrap(withCode('TOO_DEEP')))))), undefined],
		['a chain without a match', wrap(wrap(new Error('plain'))), undefined],
		[
			'a cycle ends after five levels',
			(() => {
				const e = wrap(undefined);
				e.cause = e;
				return e;
			})(),
			undefined,
		],
		['not an error', 'oops', undefined],
		['nothing', undefined, undefined],
	])('%s', (_name, error, expected) => {
		expect(findInCauseChain(error, codeOf)).toBe(expected);
	});
});
