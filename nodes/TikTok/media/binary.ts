/**
 * Reads a video from an item's binary property without loading it whole: n8n's binary storage
 * (filesystem, S3, database) hands out streams; only `default` mode keeps bytes in memory, and
 * then they are in memory anyway.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

/** Size of the pieces read from n8n's binary storage. */
export const READ_PIECE_BYTES = 1024 * 1024;

export interface BinarySource {
	binary: IBinaryData;
	size: number;
	mimeType: string;
	fileName?: string;
	/** A fresh stream of the whole file each time it is called. */
	open: () => Promise<AsyncIterable<Buffer>>;
}

export async function openBinarySource(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
): Promise<BinarySource> {
	const binary: IBinaryData = ctx.helpers.assertBinaryData(itemIndex, propertyName);
	const size = await binarySize(ctx, itemIndex, propertyName, binary);
	return {
		binary,
		size,
		mimeType: binary.mimeType,
		fileName: binary.fileName,
		open: async () => await openStoredBinary(ctx, binary),
	};
}

/** A fresh stream of a binary's bytes: from n8n's storage by id, or from the item itself in `default` mode. */
export async function openStoredBinary(
	ctx: IExecuteFunctions,
	binary: IBinaryData,
): Promise<AsyncIterable<Buffer>> {
	if (binary.id)
		return (await ctx.helpers.getBinaryStream(
			binary.id,
			READ_PIECE_BYTES,
		)) as AsyncIterable<Buffer>;
	return bufferPieces(Buffer.from(binary.data, 'base64'));
}

/** Size without reading the data: n8n 2.x records `bytes`; older items carry it in metadata. */
async function binarySize(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	binary: IBinaryData,
): Promise<number> {
	const recorded = (binary as IBinaryData & { bytes?: number }).bytes;
	if (typeof recorded === 'number' && recorded >= 0) return recorded;
	if (binary.id) {
		const metadata = await ctx.helpers.getBinaryMetadata(binary.id);
		if (typeof metadata.fileSize === 'number') return metadata.fileSize;
	}
	if (binary.data && !binary.id) return Buffer.byteLength(binary.data, 'base64');
	return (await ctx.helpers.getBinaryDataBuffer(itemIndex, propertyName)).length;
}

async function* bufferPieces(buffer: Buffer): AsyncIterable<Buffer> {
	for (let offset = 0; offset < buffer.length; offset += READ_PIECE_BYTES) {
		yield buffer.subarray(offset, Math.min(buffer.length, offset + READ_PIECE_BYTES));
	}
}
