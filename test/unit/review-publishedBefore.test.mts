/**
 * Review of #12: Published Before values that are no date must be refused (naming the parameter),
 * not rolled over into another date.
 */
import { describe, expect, it } from 'vitest';

import {
	PublishedBeforeError,
	publishedBeforeCursor,
} from '../../nodes/TikTok/helpers/publishedBefore.ts';

describe('review: #12 publishedBeforeCursor refuses dates that do not exist', () => {
	it.each([
		['a 13th month', '2024-13-01'],
		['a month 00', '2024-00-10'],
		['minute 60', '2024-11-19T10:60'],
		['second 60', '2024-11-19T10:00:60'],
		['February 30 with a zone', '2024-02-30T08:00:00Z'],
		['a 13th month with an offset', '2024-13-01T08:00:00+01:00'],
	])('review: refuses %s (%s) instead of rolling it over', (_name, value) => {
		expect(() => publishedBeforeCursor(value, 'UTC')).toThrow(PublishedBeforeError);
		expect(() => publishedBeforeCursor(value, 'UTC')).toThrow(/"Published Before"/);
	});
});
