import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { commentStateProperties, setCommentState } from './common';

const displayOptions = { show: { resource: ['comment'], operation: ['unhide'] } };

export const description = updateDisplayOptions(displayOptions, commentStateProperties('UNHIDE'));

/** Shows a hidden comment again. TikTok may keep it hidden (moderation, privacy settings). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await setCommentState.call(this, itemIndex, 'UNHIDE');
}
