import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { hideProperties, setHidden } from './common';

const displayOptions = { show: { resource: ['comment'], operation: ['unhide'] } };

export const description = updateDisplayOptions(displayOptions, hideProperties('UNHIDE'));

/** Shows a hidden comment again. TikTok may keep it hidden (moderation, privacy settings). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	return await setHidden.call(this, itemIndex, 'UNHIDE');
}
