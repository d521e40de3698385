import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { commentStateProperties, setCommentState } from './common';

const displayOptions = { show: { resource: ['comment'], operation: ['pin'] } };

export const description = updateDisplayOptions(displayOptions, commentStateProperties('PIN'));

/** Pins a top-level comment of the video; TikTok shows one pinned comment per video. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await setCommentState.call(this, itemIndex, 'PIN');
}
