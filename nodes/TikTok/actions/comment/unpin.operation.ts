import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { commentStateProperties, setCommentState } from './common';

const displayOptions = { show: { resource: ['comment'], operation: ['unpin'] } };

export const description = updateDisplayOptions(displayOptions, commentStateProperties('UNPIN'));

/** Unpins a comment; unpinning one that is not pinned changes nothing. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await setCommentState.call(this, itemIndex, 'UNPIN');
}
