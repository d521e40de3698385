import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { commentStateProperties, setCommentState } from './common';

const displayOptions = { show: { resource: ['comment'], operation: ['unlike'] } };

export const description = updateDisplayOptions(displayOptions, commentStateProperties('UNLIKE'));

/** Takes the connected account's like back; a comment it did not like stays as it is. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await setCommentState.call(this, itemIndex, 'UNLIKE');
}
