/**
 * What the Post operations share: their texts and the video URL read and checked, the direct-post
 * settings checked against creator info and sent, waiting for TikTok, and the output shape.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { adviceForFailReason } from '../../developers/errors';
import {
	type CreatorInfo,
	fetchCreatorInfo,
	postIdsOf,
	waitForPublish,
} from '../../developers/contentPosting';
import { privacyLabel, TEXT_LIMITS } from '../../helpers/contentRules';
import { composeCaption } from '../../helpers/handoff';
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
export function postUrl(
	username: string | undefined,
	postId: string | undefined,
	kind: PostKind | undefined,
): string | undefined {
	return username && postId && kind
		? `https://www.tiktok.com/@${username}/${kind}/${postId}`
		: undefined;
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
export function publishOutput(
	publishId: string,
	status: IDataObject | undefined,
	context: PublishContext = {},
): IDataObject {
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
		output.advice =
			"The draft is in the creator's TikTok inbox: they finish and post it in the TikTok app.";
	}
	if (
		status.status === 'PUBLISH_COMPLETE' &&
		context.privacyLevel &&
		!postIdExpected(context.privacyLevel)
	) {
		output.advice = `Published for ${privacyLabel(context.privacyLevel)}. TikTok gives a post ID, and so a link, only for posts public to everyone.`;
	}
	if (status.uploaded_bytes !== undefined) output.uploaded_bytes = status.uploaded_bytes;
	if (status.downloaded_bytes !== undefined) output.downloaded_bytes = status.downloaded_bytes;
	return output;
}

/**
 * A direct post's Privacy Level, checked against the rules that need no call to TikTok: it is
 * required (TikTok has no default), and branded content cannot be private.
 */
export function readPrivacyLevel(
	this: IExecuteFunctions,
	itemIndex: number,
	brandedContent: boolean | undefined,
): string {
	const privacyLevel = readText.call(this, 'privacyLevel', itemIndex, 'Privacy Level');
	if (!privacyLevel) {
		throw new NodeOperationError(this.getNode(), 'Choose a "Privacy Level"', {
			itemIndex,
			description:
				'TikTok requires an explicit privacy level for direct posts; there is no default. Pick one from the list loaded from TikTok.',
		});
	}
	if (brandedContent && privacyLevel === 'SELF_ONLY') {
		throw new NodeOperationError(
			this.getNode(),
			'"Branded Content" cannot be posted as "Only Me"',
			{
				itemIndex,
				description:
					'TikTok\'s Content Sharing Guidelines: "Branded content visibility cannot be set to private." Choose another "Privacy Level" (Everyone, Friends or Followers), or turn off "Branded Content" if the post promotes no third party.',
			},
		);
	}
	return privacyLevel;
}

/**
 * The Wait Timeout in seconds (300 when not set), checked before anything is sent: an expression
 * can give any value, and one that is not a number would make the wait's deadline NaN, a wait
 * that never times out.
 */
export function readWaitTimeout(
	this: IExecuteFunctions,
	itemIndex: number,
	options: { waitTimeout?: unknown },
): number {
	const raw = options.waitTimeout;
	if (raw === undefined || raw === null || raw === '') return 300;
	const seconds = typeof raw === 'string' ? Number(raw.trim()) : raw;
	if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
		throw new NodeOperationError(
			this.getNode(),
			`"Wait Timeout (Seconds)" must be a number of seconds, but it is ${JSON.stringify(raw) ?? String(raw)}`,
			{
				itemIndex,
				description: 'Enter a number from 5 to 3600, or map a field that holds one.',
			},
		);
	}
	return seconds;
}

/** The Options both post types share (see postOptions in actions/common/descriptions.ts). */
export interface PostOptions {
	brandContentToggle?: boolean;
	brandOrganicToggle?: boolean;
	/** Absent means true: interactions are off unless chosen. */
	disableComment?: boolean;
	waitForCompletion?: boolean;
	waitTimeout?: number;
}

/**
 * A post text checked against TikTok's limit, counted in UTF-16 code units as TikTok counts.
 * `shorten` names what to shorten in the fix (default: the parameter itself).
 */
export function checkTextLength(
	this: IExecuteFunctions,
	itemIndex: number,
	label: string,
	text: string,
	max: number,
	shorten = `the ${label.toLowerCase()}`,
): string {
	if (text.length <= max) return text;
	const excess = text.length - max;
	throw new NodeOperationError(
		this.getNode(),
		`The "${label}" is ${text.length} characters long; TikTok allows ${max}`,
		{
			itemIndex,
			description: `Shorten ${shorten} by ${excess} character${excess === 1 ? '' : 's'}.`,
		},
	);
}

/**
 * A video's Caption as it will be posted, `hashtags` appended (they count towards the limit).
 * Optional: TikTok posts no caption when there is none.
 */
export function readCaption(this: IExecuteFunctions, itemIndex: number, hashtags = ''): string {
	const caption = composeCaption(readText.call(this, 'caption', itemIndex, 'Caption'), hashtags);
	const shorten = hashtags
		? 'the caption or the "Hashtags" option (they count towards the limit)'
		: undefined;
	return checkTextLength.call(
		this,
		itemIndex,
		'Caption',
		caption,
		TEXT_LIMITS.videoCaption,
		shorten,
	);
}

/**
 * The Video URL, checked for who fetches it: TikTok pulls only https URLs; n8n downloads http
 * and https.
 */
export function readVideoUrl(
	this: IExecuteFunctions,
	itemIndex: number,
	fetchedBy: 'tikTok' | 'n8n',
): string {
	const raw = readText.call(this, 'videoUrl', itemIndex, 'Video URL').trim();
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new NodeOperationError(this.getNode(), `"Video URL" is not a valid URL: "${raw}"`, {
			itemIndex,
			description: 'Enter the full address of the video, starting with https://',
		});
	}
	if (fetchedBy === 'tikTok' && url.protocol !== 'https:') {
		throw new NodeOperationError(this.getNode(), '"Video URL" must start with https://', {
			itemIndex,
			description:
				'TikTok downloads only from https URLs. Use an https URL, or turn on "Download and Upload as File".',
		});
	}
	if (fetchedBy === 'n8n' && !['https:', 'http:'].includes(url.protocol)) {
		throw new NodeOperationError(
			this.getNode(),
			'"Video URL" must start with https:// or http://',
			{
				itemIndex,
				description: 'Enter the full address of the video, starting with https://',
			},
		);
	}
	return url.toString();
}

/** Creator info for a direct post, which TikTok allows only with a privacy level it offers. */
export async function creatorForDirectPost(
	this: IExecuteFunctions,
	itemIndex: number,
	privacyLevel: string,
): Promise<CreatorInfo> {
	const creator = await fetchCreatorInfo.call(this, itemIndex);
	if (!creator.privacy_level_options.includes(privacyLevel)) {
		throw new NodeOperationError(
			this.getNode(),
			`The privacy level "${privacyLevel}" is not offered for this TikTok account`,
			{
				itemIndex,
				description: `TikTok offers: ${creator.privacy_level_options.join(', ')}. Pick one of them in "Privacy Level". Private accounts cannot post to Everyone.`,
			},
		);
	}
	return creator;
}

/**
 * The direct-post settings both post types send. TikTok's Direct Post rules: interactions stay
 * off unless the user turns them on, and stay off where the creator disabled them in the app.
 * TikTok requires brand_content_toggle; brand_organic_toggle is ambiguous, so both are always sent.
 */
export function directPostInfo(
	privacyLevel: string,
	options: PostOptions,
	creator: CreatorInfo,
): IDataObject {
	return {
		privacy_level: privacyLevel,
		disable_comment: options.disableComment !== false || Boolean(creator.comment_disabled),
		brand_content_toggle: Boolean(options.brandContentToggle),
		brand_organic_toggle: Boolean(options.brandOrganicToggle),
	};
}

/** A started post as the output needs it. */
export interface StartedPostSummary {
	publishId: string;
	mode: 'directPost' | 'draft';
	kind: PostKind;
	/** A direct post's privacy level (undefined for drafts). */
	privacyLevel?: string;
	username?: string;
	/** What the operation adds to the output (mode, sizes, counts). */
	summary: IDataObject;
}

/**
 * The output item of a started post: submitted, or, with Wait for Completion, TikTok's final
 * status. A failed post is an error. Posts public to everyone get their post ID only after
 * moderation: the wait goes on for it.
 */
export async function postResult(
	this: IExecuteFunctions,
	itemIndex: number,
	post: StartedPostSummary,
	options: PostOptions,
): Promise<IDataObject> {
	const { publishId, summary } = post;
	if (!options.waitForCompletion) {
		return { ...publishOutput(publishId, undefined), ...summary, status: 'SUBMITTED' };
	}
	const timeout = options.waitTimeout ?? 300;
	const untilPostId = post.mode === 'directPost' && postIdExpected(post.privacyLevel);
	const waited = await waitForPublish.call(this, publishId, itemIndex, timeout, untilPostId);
	const output: IDataObject = {
		...publishOutput(publishId, waited.status, {
			username: post.username,
			kind: post.kind,
			privacyLevel: post.privacyLevel,
		}),
		...summary,
	};
	if (waited.status.status === 'FAILED') {
		const what = post.kind === 'video' ? 'the video' : 'the photos';
		throw new NodeOperationError(
			this.getNode(),
			`TikTok could not publish ${what} (${String(waited.status.fail_reason ?? 'no reason given')})`,
			{
				itemIndex,
				description: `${String(output.advice)} Publish ID: ${publishId}.`,
			},
		);
	}
	if (waited.timedOut) {
		output.timed_out = true;
		output.advice =
			waited.status.status === 'PUBLISH_COMPLETE'
				? 'Published; TikTok has not finished moderation yet, so there is no public post ID. Check later with Post > Get Status.'
				: `Still ${String(waited.status.status)} after ${timeout} s. Check later with Post > Get Status; do not post again.`;
	}
	return output;
}
