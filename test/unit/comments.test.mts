import { describe, expect, it } from 'vitest';

import {
	CommentInputError,
	parseCommentId,
	textLength,
	toOutputComment,
	validateCommentText,
} from '../../nodes/TikTok/helpers/comments.ts';

function failure(run: () => unknown): { message: string; fix: string } {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(CommentInputError);
		return { message: (error as CommentInputError).message, fix: (error as CommentInputError).fix };
	}
	throw new Error('expected a CommentInputError');
}

describe('parseCommentId', () => {
	it.each([
		['19 digits', '7439000000000000001', '7439000000000000001'],
		['spaces around', ' 7439000000000000001\n', '7439000000000000001'],
		['leading zeros', '0042', '42'],
		['a small safe number', 12345, '12345'],
		['int64 max', '9223372036854775807', '9223372036854775807'],
	])('accepts %s', (_name, input, expected) => {
		expect(parseCommentId(input)).toBe(expected);
	});

	it.each([
		['text', 'abc', '"Comment ID" is not a TikTok comment ID: "abc"'],
		['zero', '0', '"Comment ID" is not a TikTok comment ID: "0"'],
		[
			'beyond int64',
			'9223372036854775808',
			'"Comment ID" is not a TikTok comment ID: "9223372036854775808"',
		],
		[
			'20 digits',
			'12345678901234567890',
			'"Comment ID" is not a TikTok comment ID: "12345678901234567890"',
		],
		['a negative number', '-5', '"Comment ID" is not a TikTok comment ID: "-5"'],
		['empty', '', '"Comment ID" is empty'],
		['nothing', undefined, '"Comment ID" is empty'],
		[
			'an unsafe number',
			7439000000000000001,
			'"Comment ID" arrived as a number and has lost digits (7439000000000000000)',
		],
	])('refuses %s', (_name, input, message) => {
		expect(failure(() => parseCommentId(input)).message).toBe(message);
	});
});

describe('validateCommentText', () => {
	it.each([
		['plain text', 'Thanks!', 'Thanks!'],
		['trimmed', '  Thanks!\n', 'Thanks!'],
		['150 ASCII characters', 'x'.repeat(150), 'x'.repeat(150)],
		['149 characters and an emoji', `${'x'.repeat(149)}😀`, `${'x'.repeat(149)}😀`],
		['a number', 42, '42'],
	])('accepts %s', (_name, input, expected) => {
		expect(validateCommentText(input)).toBe(expected);
	});

	it.each([
		[
			'151 characters',
			'x'.repeat(151),
			'The reply "Text" is 151 characters long; TikTok allows 150',
			'Shorten it by 1 character.',
		],
		[
			'160 characters',
			'x'.repeat(160),
			'The reply "Text" is 160 characters long; TikTok allows 150',
			'Shorten it by 10 characters.',
		],
		['empty', '', 'The reply "Text" is empty', 'Enter the text to post'],
		['whitespace', ' \n\t', 'The reply "Text" is empty', 'Enter the text to post'],
		['nothing', undefined, 'The reply "Text" is empty', 'Enter the text to post'],
	])('refuses %s', (_name, input, message, fix) => {
		const { message: actual, fix: actualFix } = failure(() => validateCommentText(input));
		expect(actual).toBe(message);
		expect(actualFix).toContain(fix);
	});

	it('names a new comment as such', () => {
		expect(failure(() => validateCommentText(' ', 'comment')).message).toBe(
			'The comment "Text" is empty',
		);
		expect(failure(() => validateCommentText('y'.repeat(151), 'comment')).message).toBe(
			'The comment "Text" is 151 characters long; TikTok allows 150',
		);
	});

	it('counts characters as people do', () => {
		expect(textLength('😀👍🏽')).toBe(3);
		expect(textLength('héllo')).toBe(5);
	});
});

describe('toOutputComment', () => {
	it('turns numeric IDs into text, in replies too, and leaves the rest', () => {
		expect(
			toOutputComment({
				comment_id: 123,
				video_id: '7300000000000000001',
				parent_comment_id: 5,
				create_time: 1655461098,
				likes: 3,
				reply_list: [{ comment_id: 9, parent_comment_id: 123, text: 'r' }],
			}),
		).toEqual({
			comment_id: '123',
			video_id: '7300000000000000001',
			parent_comment_id: '5',
			create_time: 1655461098,
			likes: 3,
			reply_list: [{ comment_id: '9', parent_comment_id: '123', text: 'r' }],
		});
	});
});
