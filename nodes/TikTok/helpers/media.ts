/**
 * Recognises the video containers TikTok accepts (MP4, MOV, WebM) from their first bytes, and
 * reads a video's duration from its header, streaming: nothing but the header box is kept.
 */

export type VideoContainer = 'mp4' | 'mov' | 'webm';

export const CONTAINER_MIME_TYPES: Record<VideoContainer, string> = {
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	webm: 'video/webm',
};

export type PhotoFormat = 'jpeg' | 'webp';

/** How much of a file is read to tell its format (and to describe one that is not a video). */
export const SNIFF_BYTES = 64 * 1024;

/** The first `bytes` bytes of a stream (for format sniffing); the rest is not read. */
export async function readHead(
	stream: AsyncIterable<Buffer>,
	bytes = SNIFF_BYTES,
): Promise<Buffer> {
	const parts: Buffer[] = [];
	let length = 0;
	for await (const piece of stream) {
		parts.push(piece);
		length += piece.length;
		if (length >= bytes) break;
	}
	return Buffer.concat(parts).subarray(0, bytes);
}

/** MP4 and MOV share the ISO box layout; the `ftyp` brand tells them apart. */
export function sniffVideoContainer(head: Buffer): VideoContainer | undefined {
	if (head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp') {
		return head.toString('latin1', 8, 12) === 'qt  ' ? 'mov' : 'mp4';
	}
	// Old QuickTime files may start with other top-level atoms.
	if (
		head.length >= 8 &&
		['moov', 'mdat', 'wide', 'free', 'skip'].includes(head.toString('latin1', 4, 8))
	)
		return 'mov';
	if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) {
		return head.includes(Buffer.from('webm', 'latin1')) ? 'webm' : undefined;
	}
	return undefined;
}

/** Names a file's real format for error messages ("PNG image", "Matroska video", …). */
export function describeFormat(head: Buffer): string {
	if (head.length >= 8 && head.readUInt32BE(0) === 0x89504e47) return 'a PNG image';
	if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff)
		return 'a JPEG image';
	if (
		head.length >= 12 &&
		head.toString('latin1', 0, 4) === 'RIFF' &&
		head.toString('latin1', 8, 12) === 'WEBP'
	)
		return 'a WebP image';
	if (head.length >= 6 && head.toString('latin1', 0, 3) === 'GIF') return 'a GIF image';
	if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'a Matroska (MKV) video';
	if (
		head.length >= 12 &&
		head.toString('latin1', 0, 4) === 'RIFF' &&
		head.toString('latin1', 8, 11) === 'AVI'
	)
		return 'an AVI video';
	if (head.length >= 4 && head.toString('latin1', 0, 4) === '%PDF') return 'a PDF document';
	return 'not a recognised video';
}

export function sniffPhotoFormat(head: Buffer): PhotoFormat | undefined {
	if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
	if (
		head.length >= 12 &&
		head.toString('latin1', 0, 4) === 'RIFF' &&
		head.toString('latin1', 8, 12) === 'WEBP'
	)
		return 'webp';
	return undefined;
}

/** Largest header we are willing to hold while looking for the duration. */
const MAX_HEADER_BYTES = 32 * 1024 * 1024;
/**
 * How far into a file we look for the MP4/MOV movie header. Web-optimised files have it at the
 * start; reading a whole multi-GB file (perhaps from S3) just for the duration is not worth it,
 * and TikTok checks the duration itself anyway.
 */
const MAX_ISO_SCAN_BYTES = 64 * 1024 * 1024;

/**
 * Duration in seconds, or undefined when the header does not say or is not near the start.
 * Reads the stream only as far as needed (bytes are discarded as they go, so memory stays at
 * the header's size).
 */
export async function readVideoDuration(
	container: VideoContainer,
	stream: AsyncIterable<Buffer>,
): Promise<number | undefined> {
	return container === 'webm' ? await readWebmDuration(stream) : await readIsoDuration(stream);
}

async function readIsoDuration(stream: AsyncIterable<Buffer>): Promise<number | undefined> {
	let pending: Buffer = Buffer.alloc(0);
	let skip = 0;
	let moovSize = 0;
	let scanned = 0;
	for await (const piece of stream) {
		scanned += piece.length;
		if (scanned > MAX_ISO_SCAN_BYTES && moovSize === 0) return undefined;
		let data: Buffer = piece;
		if (skip > 0) {
			if (data.length <= skip) {
				skip -= data.length;
				continue;
			}
			data = data.subarray(skip);
			skip = 0;
		}
		pending = pending.length ? Buffer.concat([pending, data]) : data;
		for (;;) {
			if (moovSize > 0) {
				if (pending.length < moovSize) break;
				return parseMvhd(pending.subarray(8, moovSize));
			}
			if (pending.length < 8) break;
			let size = pending.readUInt32BE(0);
			const type = pending.toString('latin1', 4, 8);
			let headerSize = 8;
			if (size === 1) {
				if (pending.length < 16) break;
				size = Number(pending.readBigUInt64BE(8));
				headerSize = 16;
			}
			if (size === 0) return undefined; // Box runs to the end of the file: no moov after it.
			if (size < headerSize) return undefined;
			if (type === 'moov') {
				if (size > MAX_HEADER_BYTES) return undefined;
				moovSize = size;
				continue;
			}
			if (pending.length >= size) {
				pending = pending.subarray(size);
				continue;
			}
			skip = size - pending.length;
			pending = Buffer.alloc(0);
			break;
		}
	}
	return undefined;
}

function parseMvhd(moovBody: Buffer): number | undefined {
	let offset = 0;
	while (offset + 8 <= moovBody.length) {
		const size = moovBody.readUInt32BE(offset);
		const type = moovBody.toString('latin1', offset + 4, offset + 8);
		if (size < 8) return undefined;
		if (type === 'mvhd') {
			const version = moovBody[offset + 8];
			const body = offset + 12;
			if (version === 1) {
				const timescale = moovBody.readUInt32BE(body + 16);
				const duration = Number(moovBody.readBigUInt64BE(body + 20));
				return timescale ? duration / timescale : undefined;
			}
			const timescale = moovBody.readUInt32BE(body + 8);
			const duration = moovBody.readUInt32BE(body + 12);
			return timescale ? duration / timescale : undefined;
		}
		offset += size;
	}
	return undefined;
}

const EBML_SEGMENT = 0x18538067;
const EBML_INFO = 0x1549a966;
const EBML_TIMECODE_SCALE = 0x2ad7b1;
const EBML_DURATION = 0x4489;
const EBML_CLUSTER = 0x1f43b675;
const WEBM_HEADER_BYTES = 1024 * 1024;

async function readWebmDuration(stream: AsyncIterable<Buffer>): Promise<number | undefined> {
	const head = await readHead(stream, WEBM_HEADER_BYTES);
	// EBML header element, then the Segment.
	const ebml = readElement(head, 0);
	if (!ebml) return undefined;
	const segment = readElement(head, ebml.dataStart + ebml.size);
	if (!segment || segment.id !== EBML_SEGMENT) return undefined;
	let offset = segment.dataStart;
	while (offset < head.length) {
		const child = readElement(head, offset);
		if (!child || child.id === EBML_CLUSTER) return undefined;
		if (child.id === EBML_INFO)
			return parseWebmInfo(
				head.subarray(child.dataStart, Math.min(head.length, child.dataStart + child.size)),
			);
		offset = child.dataStart + child.size;
	}
	return undefined;
}

function parseWebmInfo(info: Buffer): number | undefined {
	let scale = 1_000_000;
	let duration: number | undefined;
	let offset = 0;
	while (offset < info.length) {
		const element = readElement(info, offset);
		if (!element) break;
		const data = info.subarray(element.dataStart, element.dataStart + element.size);
		if (element.id === EBML_TIMECODE_SCALE) scale = Number(readUnsigned(data));
		if (element.id === EBML_DURATION)
			duration =
				data.length === 4
					? data.readFloatBE(0)
					: data.length === 8
						? data.readDoubleBE(0)
						: undefined;
		offset = element.dataStart + element.size;
	}
	return duration === undefined ? undefined : (duration * scale) / 1e9;
}

function readUnsigned(data: Buffer): bigint {
	let value = 0n;
	for (const byte of data) value = (value << 8n) | BigInt(byte);
	return value;
}

/** Reads an EBML element header (variable-length ID and size). */
function readElement(
	buf: Buffer,
	offset: number,
): { id: number; size: number; dataStart: number } | undefined {
	const id = readVint(buf, offset, true);
	if (!id) return undefined;
	const size = readVint(buf, offset + id.length, false);
	if (!size) return undefined;
	return { id: id.value, size: size.value, dataStart: offset + id.length + size.length };
}

function readVint(
	buf: Buffer,
	offset: number,
	keepMarker: boolean,
): { value: number; length: number } | undefined {
	if (offset >= buf.length) return undefined;
	const first = buf[offset];
	let length = 1;
	while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
	if (length > 8 || offset + length > buf.length) return undefined;
	let value = keepMarker ? first : first & (0xff >> length);
	let allOnes = value === 0xff >> length;
	for (let i = 1; i < length; i++) {
		value = value * 256 + buf[offset + i];
		if (buf[offset + i] !== 0xff) allOnes = false;
	}
	// An all-ones size means "unknown" (live streams): treat as running to the end.
	if (!keepMarker && allOnes) value = Number.MAX_SAFE_INTEGER;
	return { value, length };
}
