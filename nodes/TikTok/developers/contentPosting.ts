/**
 * Content Posting calls that several operations need: the creator's posting options (creator
 * info) and a publish's status, with polling until TikTok has published.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { policiesOf } from '../transport/policies';
import { tikTokApiRequest, type TikTokContext } from './api';

export interface CreatorInfo {
	creator_avatar_url?: string;
	creator_username?: string;
	creator_nickname?: string;
	privacy_level_options: string[];
	comment_disabled?: boolean;
	duet_disabled?: boolean;
	stitch_disabled?: boolean;
	max_video_post_duration_sec?: number;
}

export const TERMINAL_STATUSES = ['PUBLISH_COMPLETE', 'FAILED', 'SEND_TO_USER_INBOX'];

export async function fetchCreatorInfo(
	this: TikTokContext,
	itemIndex?: number,
): Promise<CreatorInfo> {
	const data = await tikTokApiRequest.call(this, {
		method: 'POST',
		path: '/v2/post/publish/creator_info/query/',
		scope: 'video.publish',
		itemIndex,
		idempotent: true,
	});
	return {
		...(data as unknown as CreatorInfo),
		privacy_level_options: Array.isArray(data.privacy_level_options)
			? (data.privacy_level_options as string[])
			: [],
	};
}

export async function fetchPublishStatus(
	this: IExecuteFunctions,
	publishId: string,
	itemIndex: number,
): Promise<IDataObject> {
	return await tikTokApiRequest.call(this, {
		method: 'POST',
		path: '/v2/post/publish/status/fetch/',
		scope: 'video.upload or video.publish',
		body: { publish_id: publishId },
		itemIndex,
		idempotent: true,
	});
}

export interface WaitResult {
	status: IDataObject;
	timedOut: boolean;
	polls: number;
}

/**
 * Polls until the post reaches a final status (or, with `untilPostId`, until a completed post
 * also has its post ID, which TikTok sets only after moderation; see postIdExpected), or until
 * the timeout.
 */
export async function waitForPublish(
	this: IExecuteFunctions,
	publishId: string,
	itemIndex: number,
	timeoutSeconds: number,
	untilPostId = false,
): Promise<WaitResult> {
	const { publishPoll, clock } = policiesOf(this);
	const deadline = clock.now() + timeoutSeconds * 1000;
	for (let polls = 1; ; polls++) {
		const status = await fetchPublishStatus.call(this, publishId, itemIndex);
		const state = String(status.status ?? '');
		const done =
			TERMINAL_STATUSES.includes(state) &&
			!(untilPostId && state === 'PUBLISH_COMPLETE' && postIdsOf(status).length === 0);
		if (done) return { status, timedOut: false, polls };
		if (clock.now() + publishPoll.intervalMs > deadline) return { status, timedOut: true, polls };
		await clock.sleep(publishPoll.intervalMs, this.getExecutionCancelSignal());
	}
}

/** Post IDs as strings with all their digits (the transport keeps unsafe integers as strings). */
export function postIdsOf(status: IDataObject): string[] {
	const ids = status.publicaly_available_post_id ?? status.publicly_available_post_id;
	return Array.isArray(ids) ? ids.map((id) => String(id)) : [];
}
