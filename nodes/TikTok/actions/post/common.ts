/** Pieces shared by the Post operations: creator info, status polling and the output shape. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { adviceForFailReason } from '../../developers/errors';
import { postIdsOf, PRIVACY_LABELS } from '../../developers/contentPosting';
import { readText } from '../common/parameters';

export type PostKind = 'video' | 'photo';

/**
 * Whether a post gets a post ID. TikTok sets `publicaly_available_post_id` only for direct posts
 * public to everyone, once moderated: friends, followers and "Only Me" posts are done at
 * PUBLISH_COMPLETE without one, so waiting for an ID would only run into the timeout.
 */
export function postIdExpected(privacyLevel: string | undefined): boolean {
	return privacyLevel === 'PUBLIC_TO_EVERYONE';
}

/**
 * What a publish ID says about its post. TikTok's docs show `v_pub_file~…` and `v_inbox_file~…`
 * for videos and `p_pub_url~…` for photos, and the status answer itself does not name the media
 * type. Any other prefix is unknown: no link then, rather than one that may be wrong.
 */
export function postKindOfPublishId(publishId: string): PostKind | undefined {
	if (publishId.startsWith('p_')) return 'photo';
	if (publishId.startsWith('v_')) return 'video';
	return undefined;
}

/** Public links: `/video/<id>` for videos, `/photo/<id>` for photo posts. */
export function postUrl(username: string | undefined, postId: string | undefined, kind: PostKind | undefined): string | undefined {
	return username && postId && kind ? `https://www.tiktok.com/@${username}/${kind}/${postId}` : undefined;
}

/** What the output needs to know about the post beyond its status. */
export interface PublishContext {
	/** The creator's username, for the link. */
	username?: string;
	kind?: PostKind;
	/** A direct post's privacy level (undefined for drafts and Get Status). */
	privacyLevel?: string;
}

/** The item a Post operation outputs for a publish and its (last known) status. */
export function publishOutput(publishId: string, status: IDataObject | undefined, context: PublishContext = {}): IDataObject {
	const output: IDataObject = { publish_id: publishId };
	if (!status) return output;
	const ids = postIdsOf(status);
	output.status = status.status;
	output.post_ids = ids;
	const url = postUrl(context.username, ids[0], context.kind);
	if (url) output.post_url = url;
	if (status.fail_reason) {
		output.fail_reason = status.fail_reason;
		output.advice = adviceForFailReason(String(status.fail_reason));
	}
	if (status.status === 'SEND_TO_USER_INBOX') {
		output.advice = 'The draft is in the creator\'s TikTok inbox: they finish and post it in the TikTok app.';
	}
	if (status.status === 'PUBLISH_COMPLETE' && context.privacyLevel && !postIdExpected(context.privacyLevel)) {
		output.advice = `Published for ${PRIVACY_LABELS[context.privacyLevel] ?? context.privacyLevel}. TikTok gives a post ID, and so a link, only for posts public to everyone.`;
	}
	if (status.uploaded_bytes !== undefined) output.uploaded_bytes = status.uploaded_bytes;
	if (status.downloaded_bytes !== undefined) output.downloaded_bytes = status.downloaded_bytes;
	return output;
}

/**
 * A direct post's Privacy Level, checked against the rules that need no call to TikTok: it is
 * required (TikTok has no default), and branded content cannot be private.
 */
export function readPrivacyLevel(this: IExecuteFunctions, itemIndex: number, brandedContent: boolean | undefined): string {
	const privacyLevel = readText.call(this, 'privacyLevel', itemIndex, 'Privacy Level');
	if (!privacyLevel) {
		throw new NodeOperationError(this.getNode(), 'Choose a "Privacy Level"', {
			itemIndex,
			description: 'TikTok requires an explicit privacy level for direct posts; there is no default. Pick one from the list loaded from TikTok.',
		});
	}
	if (brandedContent && privacyLevel === 'SELF_ONLY') {
		throw new NodeOperationError(this.getNode(), '"Branded Content" cannot be posted as "Only Me"', {
			itemIndex,
			description:
				'TikTok\'s Content Sharing Guidelines: "Branded content visibility cannot be set to private." Choose another "Privacy Level" (Everyone, Friends or Followers), or turn off "Branded Content" if the post promotes no third party.',
		});
	}
	return privacyLevel;
}

/** Draft or direct post: drafts by default, so nothing is published unless asked (agents included). */
export function postModeProperty(draftNeeds: string, directNeeds: string): INodeProperties {
	return {
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{
				name: 'Draft (Upload to Inbox)',
				value: 'draft',
				description: `The creator gets a notification and finishes the post in the TikTok app (${draftNeeds})`,
			},
			{
				name: 'Direct Post',
				value: 'directPost',
				description: `Publish straight to the profile (${directNeeds})`,
			},
		],
		default: 'draft',
	};
}

/** The input binary field holding a video (Source: Binary File). */
export const videoBinaryFieldProperty: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	displayOptions: { show: { source: ['binary'] } },
	hint: 'The name of the input binary field holding the MP4, MOV or WebM video',
};

/** TikTok's Direct Post rules: levels come from creator info, and there is no default. */
export const privacyLevelProperty: INodeProperties = {
	displayName: 'Privacy Level Name or ID',
	name: 'privacyLevel',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getPrivacyLevels' },
	default: '',
	required: true,
	displayOptions: { show: { mode: ['directPost'] } },
	description:
		'Who can see the post. Only the levels TikTok offers for this creator are listed. Unaudited apps can only use "Only Me" on private accounts. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

const directPostOnly = { show: { '/mode': ['directPost'] } };

/** Options both post types share; TikTok accepts them for direct posts only. */
export const directPostOptions: Record<'brandContent' | 'brandOrganic' | 'disableComment', INodeProperties> = {
	brandContent: {
		displayName: 'Branded Content',
		name: 'brandContentToggle',
		type: 'boolean',
		default: false,
		description:
			'Whether the post promotes a third party (paid partnership; direct post only). TikTok does not allow it with the privacy level "Only Me".',
		displayOptions: directPostOnly,
	},
	brandOrganic: {
		displayName: 'Your Brand',
		name: 'brandOrganicToggle',
		type: 'boolean',
		default: false,
		description: 'Whether the post promotes your own business (direct post only)',
		displayOptions: directPostOnly,
	},
	disableComment: {
		displayName: 'Disable Comments',
		name: 'disableComment',
		type: 'boolean',
		default: true,
		description:
			"Whether comments are off for this post. TikTok's posting rules keep interactions off unless chosen: switch this off to allow comments (direct post only).",
		displayOptions: directPostOnly,
	},
};

/**
 * The Wait Timeout in seconds (300 when not set), checked before anything is sent: an expression
 * can give any value, and one that is not a number would make the wait's deadline NaN, a wait
 * that never times out.
 */
export function readWaitTimeout(this: IExecuteFunctions, itemIndex: number, options: { waitTimeout?: unknown }): number {
	const raw = options.waitTimeout;
	if (raw === undefined || raw === null || raw === '') return 300;
	const seconds = typeof raw === 'string' ? Number(raw.trim()) : raw;
	if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
		throw new NodeOperationError(this.getNode(), `"Wait Timeout (Seconds)" must be a number of seconds, but it is ${JSON.stringify(raw) ?? String(raw)}`, {
			itemIndex,
			description: 'Enter a number from 5 to 3600, or map a field that holds one.',
		});
	}
	return seconds;
}

export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description:
			'Whether to poll TikTok until the post is published, delivered to the inbox or failed (at most 30 checks per minute)',
	},
	{
		displayName: 'Wait Timeout (Seconds)',
		name: 'waitTimeout',
		type: 'number',
		typeOptions: { minValue: 5, maxValue: 3600 },
		default: 300,
		description:
			'How long to wait before returning the last known status. Processing takes about a minute per GB; moderation usually a minute, sometimes hours.',
	},
];
