import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import {
	describeFormat,
	readVideoDuration,
	sniffPhotoFormat,
	sniffVideoContainer,
} from '../../nodes/TikTok/helpers/media.ts';
import { type FixtureName, fixturePath, readFixture } from '../fixtures/fixtures.mts';

const head = (name: FixtureName) => readFixture(name).subarray(0, 64);

describe('sniffVideoContainer', () => {
	it.each([
		['sample-3s-720x1280.mp4', 'mp4'],
		['sample-2s-720x1280.mov', 'mov'],
		['sample-2s-720x1280.webm', 'webm'],
		['not-a-video.png', undefined],
		['sample-1080x1920.jpg', undefined],
		['sample-1080x1920.webp', undefined],
	] as const)('%s → %s', (name, expected) => {
		expect(sniffVideoContainer(head(name))).toBe(expected);
	});

	it('names what a refused file really is', () => {
		expect(describeFormat(head('not-a-video.png'))).toBe('a PNG image');
		expect(describeFormat(head('sample-1080x1920.jpg'))).toBe('a JPEG image');
		expect(describeFormat(Buffer.from('%PDF-1.7'))).toBe('a PDF document');
	});

	it('recognises photo formats TikTok takes', () => {
		expect(sniffPhotoFormat(head('sample-1080x1920.jpg'))).toBe('jpeg');
		expect(sniffPhotoFormat(head('sample-1080x1920.webp'))).toBe('webp');
		expect(sniffPhotoFormat(head('not-a-video.png'))).toBeUndefined();
	});
});

describe('readVideoDuration', () => {
	it.each([
		['sample-3s-720x1280.mp4 (moov first)', 'sample-3s-720x1280.mp4', 'mp4', 3],
		['sample-2s-720x1280.mov (moov after mdat)', 'sample-2s-720x1280.mov', 'mov', 2],
		['sample-2s-720x1280.webm', 'sample-2s-720x1280.webm', 'webm', 2],
	] as const)('%s', async (_name, file, container, seconds) => {
		// Small pieces prove the box walker handles headers split across reads.
		const duration = await readVideoDuration(
			container,
			createReadStream(fixturePath(file), { highWaterMark: 997 }),
		);
		expect(duration).toBeCloseTo(seconds, 3);
	});

	it('gives up (undefined) on a file without a movie header', async () => {
		const fake = Buffer.alloc(4096);
		fake.writeUInt32BE(24, 0);
		fake.write('ftypisom', 4, 'latin1');
		fake.writeUInt32BE(4096 - 24, 24);
		fake.write('mdat', 28, 'latin1');
		expect(await readVideoDuration('mp4', Readable.from([fake]))).toBeUndefined();
	});
});
