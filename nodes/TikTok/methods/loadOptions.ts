import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fetchCreatorInfo } from '../developers/contentPosting';
import { privacyLabel } from '../helpers/contentRules';

/**
 * TikTok's Direct Post rules: offer only the privacy levels creator info returns for this
 * creator, and name the account being posted to.
 */
export async function getPrivacyLevels(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const creator = await fetchCreatorInfo.call(this);
	if (!creator.privacy_level_options.length) {
		throw new NodeOperationError(
			this.getNode(),
			'TikTok offered no privacy level for this account',
			{
				description: 'Check the account in the TikTok app: it may be barred from posting.',
			},
		);
	}
	const account = creator.creator_username
		? `Posting as @${creator.creator_username}${creator.creator_nickname ? ` (${creator.creator_nickname})` : ''}`
		: 'Posting to the connected account';
	return creator.privacy_level_options.map((level) => ({
		name: privacyLabel(level),
		value: level,
		description: `${account}. TikTok value: ${level}.`,
	}));
}
