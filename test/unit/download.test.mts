import { describe, expect, it } from 'vitest';

import {
	declaredLength,
	DOWNLOAD_LIMITS,
	downloadByteLimit,
} from '../../nodes/TikTok/transport/download.ts';

describe('#9.14 download limits', () => {
	it("#9.14 are TikTok's 4 GB, 60 s of silence and one hour in all, and cannot be changed at run time", () => {
		expect(DOWNLOAD_LIMITS).toEqual({
			maxBytes: 4_000_000_000,
			idleTimeoutMs: 60_000,
			deadlineMs: 3_600_000,
		});
		expect(Object.isFrozen(DOWNLOAD_LIMITS)).toBe(true);
	});

	it.each<[string, Record<string, unknown>, number | undefined]>([
		['a number', { 'content-length': '1048576' }, 1_048_576],
		['zero', { 'content-length': '0' }, 0],
		['absent', {}, undefined],
		['empty', { 'content-length': '' }, undefined],
		['not a number', { 'content-length': 'lots' }, undefined],
		['negative', { 'content-length': '-5' }, undefined],
		['fractional', { 'content-length': '10.5' }, undefined],
		['beyond 2^53', { 'content-length': '90071992547409930' }, undefined],
	])('#9.14 a declared length that is %s', (_name, headers, expected) => {
		expect(declaredLength(headers as never)).toBe(expected);
	});

	it.each<[string, number | undefined, number | undefined, number]>([
		["#9.14 no declared length: TikTok's 4 GB", undefined, undefined, 4_000_000_000],
		['a declared length is the limit', 5_000_000, undefined, 5_000_000],
		[
			'a declared length over 4 GB is the limit (refused before reading, from the header)',
			5_000_000_000,
			undefined,
			5_000_000_000,
		],
		['an empty body declared', 0, undefined, 0],
		['another cap when asked', undefined, 1024, 1024],
	])('%s', (_name, declared, maxBytes, expected) => {
		expect(
			maxBytes === undefined ? downloadByteLimit(declared) : downloadByteLimit(declared, maxBytes),
		).toBe(expected);
	});
});
