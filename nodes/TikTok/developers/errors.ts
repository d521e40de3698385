/**
 * TikTok for Developers error codes (v2 envelope, Content Posting) mapped to messages a
 * non-developer can act on. Sources: the error tables on developers.tiktok.com.
 */
import {
	type ErrorAdvice,
	joinSentences,
	redactTokenEndpointText,
	redactTokens,
	referenceSentence,
} from '../helpers/messages';

/** `error.code` values of the v2 envelope `{data, error: {code, message, log_id}}`. */
export const API_ERROR_ADVICE: Record<string, ErrorAdvice> = {
	access_token_invalid: {
		message: 'TikTok rejected the access token',
		fix: 'n8n refreshes expired tokens automatically. If this persists, reconnect the TikTok credential.',
	},
	scope_not_authorized: {
		message: 'The TikTok account did not grant the permission this operation needs',
		fix: "Add the missing scope to the credential's Scope field (and enable it for your app in the TikTok developer portal), then reconnect the credential and approve every permission.",
	},
	scope_permission_missed: {
		message: 'Some requested fields need a permission the TikTok account did not grant',
		fix: 'Remove those fields, or add the scope named next to each field (user.info.profile or user.info.stats) to the credential and reconnect.',
	},
	invalid_params: {
		message: 'TikTok rejected a parameter',
		fix: 'Check the parameter TikTok names in its message and correct it.',
	},
	invalid_file_upload: {
		message: 'TikTok rejected the file',
		fix: 'Use an MP4 (H.264), WebM or MOV video of at most 4 GB, 23-60 FPS, 360-4096 px per side, or JPEG/WebP photos up to 1080p and 20 MB.',
	},
	rate_limit_exceeded: {
		message: 'TikTok rate limit reached',
		fix: 'Wait a minute and run again, or space out the calls (for example with a Wait node). Posting is limited to 6 inits per minute per user.',
		retryable: true,
	},
	internal_error: {
		message: 'TikTok had an internal error',
		fix: "This is on TikTok's side. Try again later.",
		retryable: true,
	},
	spam_risk_too_many_posts: {
		message: 'This TikTok account reached its daily posting limit',
		fix: 'TikTok caps posts per creator per day across all apps. Try again tomorrow.',
	},
	spam_risk_user_banned_from_posting: {
		message: 'This TikTok account is currently barred from posting',
		fix: "Check the account's status in the TikTok app.",
	},
	reached_active_user_cap: {
		message: 'Your TikTok app reached its daily limit of posting users',
		fix: 'Unaudited apps may post for 5 users per 24 hours. Wait 24 hours or get the app audited by TikTok.',
	},
	spam_risk_too_many_pending_share: {
		message: "Too many drafts are waiting in the creator's TikTok inbox",
		fix: 'TikTok allows 5 pending drafts per 24 hours. Finish or delete drafts in the TikTok app inbox, then try again.',
	},
	unaudited_client_can_only_post_to_private_accounts: {
		message: 'Your TikTok app is not audited, so it can only post to private accounts',
		fix: 'Make the TikTok account private and use the privacy level "Only me" (SELF_ONLY), or pass TikTok\'s Content Posting audit.',
	},
	url_ownership_unverified: {
		message: 'TikTok has not verified that your app owns this media URL',
		fix: 'Verify the domain or URL prefix under URL properties in the TikTok developer portal, or set Source to "Binary File" (or enable "Download and Upload as File") so n8n uploads the file itself.',
	},
	privacy_level_option_mismatch: {
		message: 'The privacy level is not one this creator can use',
		fix: 'Pick a privacy level from the list loaded from TikTok (Post > Get Creator Info shows the allowed values).',
	},
	app_version_check_failed: {
		message: "The creator's TikTok app is too old for photo drafts",
		fix: 'Update the TikTok app to version 31.8 or later.',
	},
	invalid_publish_id: {
		message: 'TikTok does not know this publish ID',
		fix: 'Check the Publish ID: it is the publish_id returned by Create Video Post or Create Photo Post.',
	},
	token_not_authorized_for_specified_publish_id: {
		message: 'This publish ID belongs to another TikTok account',
		fix: 'Use the credential of the account that created the post.',
	},
	unexpected_response: {
		message: 'TikTok sent an answer the node does not understand',
		fix: 'A proxy or firewall between n8n and TikTok may have replaced the answer, or TikTok changed its API. Try again; if it persists, report it.',
	},
	publish_not_cancellable: {
		message: 'This post can no longer be cancelled',
		fix: 'TikTok has already started publishing it.',
	},
};
// The Content Posting pages spell it in the singular, the global table in the plural.
API_ERROR_ADVICE.invalid_param = API_ERROR_ADVICE.invalid_params;

export function adviceForApiError(code: string): ErrorAdvice | undefined {
	return Object.prototype.hasOwnProperty.call(API_ERROR_ADVICE, code)
		? API_ERROR_ADVICE[code]
		: undefined;
}

/** Any spam_risk_* code means the account or content is throttled: never retry it. */
export function isRetryableApiError(code: string, httpStatus?: number): boolean {
	if (code.startsWith('spam_risk')) return false;
	if (adviceForApiError(code)?.retryable) return true;
	return httpStatus !== undefined && (httpStatus === 429 || httpStatus >= 500);
}
/**
 * Builds the message and description for an API error. Unknown codes keep TikTok's own
 * message; every description ends with TikTok's log ID, which TikTok support asks for.
 */
export function describeApiError(input: {
	code: string;
	message?: string;
	logId?: string;
	httpStatus?: number;
	/** The scope the call needs, named when TikTok says a scope is missing. */
	requiredScope?: string;
}): { message: string; description: string } {
	const advice = adviceForApiError(input.code);
	const tikTokSays = input.message ? `TikTok says: "${redactTokens(input.message)}".` : '';
	const logId = referenceSentence('log ID', input.logId);
	if (advice) {
		let scope = '';
		if (input.requiredScope && input.code === 'scope_not_authorized')
			scope = `This operation needs the ${input.requiredScope} scope.`;
		if (input.requiredScope && input.code === 'scope_permission_missed')
			scope = `The requested fields need: ${input.requiredScope}.`;
		return {
			message: `${advice.message} (${input.code})`,
			description: joinSentences(scope, advice.fix, tikTokSays, logId),
		};
	}
	const status = input.httpStatus ? ` (HTTP ${input.httpStatus})` : '';
	return {
		// Not a code TikTok documents: whatever answered (a proxy) may quote a token in it.
		message: `TikTok returned an error: ${redactTokenEndpointText(input.code) || 'unknown'}${status}`,
		description: joinSentences(
			tikTokSays,
			'If the message does not explain it, contact TikTok developer support with the log ID.',
			logId,
		),
	};
}

/** `fail_reason` of a failed post (status fetch and the post.publish.failed webhook) → what to do. */
export const FAIL_REASON_ADVICE: Record<string, string> = {
	file_format_check_failed: 'TikTok could not read the file. Use MP4 (H.264), WebM or MOV.',
	duration_check_failed:
		"The video is longer than this creator may post. Shorten it to the creator's maximum (Post > Get Creator Info shows it).",
	frame_rate_check_failed: 'Use a frame rate between 23 and 60 FPS.',
	picture_size_check_failed: 'Use 360-4096 px per side for videos; photos at most 1080p.',
	internal: 'A temporary TikTok problem. Post again.',
	video_pull_failed:
		'TikTok could not download the video. The URL must be https, publicly reachable for up to an hour, and must not redirect. Or upload the file from n8n instead.',
	photo_pull_failed:
		'TikTok could not download a photo. The URLs must be https, publicly reachable and must not redirect.',
	publish_cancelled: 'The post was cancelled.',
	auth_removed: "The TikTok user removed this app's access. Reconnect the TikTok credential.",
	spam_risk_too_many_posts: 'The creator reached the daily post limit. Try tomorrow.',
	spam_risk_user_banned_from_posting:
		'The account is barred from posting. Check it in the TikTok app.',
	spam_risk_text: 'TikTok flagged the caption. Edit the text and post again.',
	spam_risk: 'TikTok flagged the content.',
};

export function adviceForFailReason(reason: string | undefined): string {
	if (!reason) return 'TikTok gave no reason.';
	return Object.prototype.hasOwnProperty.call(FAIL_REASON_ADVICE, reason)
		? FAIL_REASON_ADVICE[reason]
		: `TikTok reported "${reason}".`;
}
