/**
 * Puts files into n8n's binary storage the way an upstream node would (filesystem mode), or
 * inline as base64 (n8n's `default` mode), so tests can hand the node real binary items.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';

export async function storeBinary(
	content: Buffer | Readable | string,
	fileName: string,
	mimeType: string,
): Promise<IBinaryData> {
	const body = typeof content === 'string' ? createReadStream(content) : content;
	const binary: IBinaryData = { data: '', mimeType, fileName };
	return await Container.get(BinaryDataService).store(
		{ type: 'execution', workflowId: 'wf-tiktok-test', executionId: 'upstream' },
		body,
		binary,
	);
}

export function inlineBinary(content: Buffer, fileName: string, mimeType: string): IBinaryData {
	return { data: content.toString('base64'), mimeType, fileName, fileSize: `${content.length} B` };
}

/** An MP4-looking file of any size: a real ftyp box, then a patterned payload. */
export function syntheticMp4(size: number): Buffer {
	const buffer = Buffer.alloc(size);
	buffer.writeUInt32BE(24, 0);
	buffer.write('ftypisom', 4, 'latin1');
	for (let i = 24; i < size; i += 4096) buffer.writeUInt32BE(i >>> 0, i);
	return buffer;
}
