/**
 * Pieces of Post > Create Handoff Pack that need no n8n context: the caption as it will be
 * posted, TikTok's documented limits, and what would stand in the way of a direct post through
 * the API (TikTok for Developers, Content Posting API).
 */
import { PRIVACY_LABELS, type PrivacyLevel, TEXT_LIMITS } from './contentRules';

/** The caption with the extra hashtags appended (`#` optional, separated by commas or spaces). */
export function composeCaption(caption: string, hashtags = ''): string {
	const tags = hashtags
		.split(/[\s,]+/)
		.map((tag) => tag.replace(/^#+/, ''))
		.filter((tag) => tag !== '')
		.map((tag) => `#${tag}`);
	if (tags.length === 0) return caption;
	return caption === '' ? tags.join(' ') : `${caption} ${tags.join(' ')}`;
}

export interface CaptionSummary {
	text: string;
	length: number;
	max_length: number;
	hashtags: string[];
	mentions: string[];
}

export function summariseCaption(text: string): CaptionSummary {
	return {
		text,
		length: text.length,
		max_length: TEXT_LIMITS.videoCaption,
		hashtags: [...text.matchAll(/#([\p{L}\p{N}_]+)/gu)].map((match) => match[1]),
		mentions: [...text.matchAll(/@([\p{L}\p{N}_.]+)/gu)].map((match) =>
			match[1].replace(/\.+$/, ''),
		),
	};
}

/** "1:05.5" style, for messages. */
export function formatDuration(seconds: number): string {
	const minutes = Math.floor(seconds / 60);
	const rest = seconds - minutes * 60;
	const restText = Number.isInteger(rest) ? String(rest) : rest.toFixed(1);
	return `${minutes}:${rest < 10 ? '0' : ''}${restText}`;
}

export interface DirectPostInput {
	appAudited: boolean;
	privacyLevel: PrivacyLevel;
	durationSeconds?: number;
}

export interface DirectPostIssue {
	code: string;
	message: string;
}

export interface DirectPostReport {
	/** Whether nothing known blocks a direct post (the requirements must still hold). */
	possible: boolean;
	/** What certainly blocks a direct post with these settings. */
	blockers: DirectPostIssue[];
	/** What TikTok checks at posting time and this node cannot see offline. */
	requirements: DirectPostIssue[];
}

export function directPostReport(input: DirectPostInput): DirectPostReport {
	const blockers: DirectPostIssue[] = [];
	const requirements: DirectPostIssue[] = [];
	if (!input.appAudited && input.privacyLevel !== 'SELF_ONLY') {
		blockers.push({
			code: 'privacy_needs_audit',
			message: `Apps that have not passed TikTok's Content Posting audit can post only as "Only Me" (SELF_ONLY); "${PRIVACY_LABELS[input.privacyLevel]}" (${input.privacyLevel}) needs the audit. Post by hand, or post as Only Me and change the privacy in the TikTok app.`,
		});
	}
	if (!input.appAudited) {
		requirements.push({
			code: 'unaudited_private_account',
			message:
				'Unaudited apps can post only to private accounts (otherwise TikTok answers unaudited_client_can_only_post_to_private_accounts), for at most 5 users per 24 hours.',
		});
	}
	requirements.push({
		code: 'creator_max_duration',
		message:
			input.durationSeconds === undefined
				? "The duration could not be read from the file; TikTok checks it against the creator's maximum (Post > Get Creator Info: max_video_post_duration_sec)."
				: `The creator's maximum video length (Post > Get Creator Info: max_video_post_duration_sec) must be at least ${Math.ceil(input.durationSeconds)} s.`,
	});
	requirements.push({
		code: 'scopes_and_direct_post',
		message:
			'The credential needs the video.publish scope and the app needs Direct Post enabled in the developer portal.',
	});
	requirements.push({
		code: 'daily_cap',
		message:
			'TikTok allows a creator about 15 posts per day across all apps (spam_risk_too_many_posts).',
	});
	requirements.push({
		code: 'media_not_checked',
		message:
			'Codec (H.264 recommended), frame rate (23-60 FPS) and dimensions (360-4096 px per side) are not checked here.',
	});
	return { possible: blockers.length === 0, blockers, requirements };
}

/** The base name of the pack's files: the option, else the video's name without extension. */
export function packBaseName(
	override: string | undefined,
	videoFileName: string | undefined,
): string {
	const chosen = (override ?? '').trim() || (videoFileName ?? '').replace(/\.[^./\\]*$/, '').trim();
	return safeFileName(chosen) ?? 'tiktok-post';
}

/**
 * Longest name taken from a URL, in UTF-8 bytes: most file systems take 255 bytes, and the pack's
 * other files add ".metadata.json" to the name. A URL segment can be much longer.
 */
const MAX_FILE_NAME_BYTES = 200;

/**
 * Characters no file name should hold, besides control characters (C0, DEL, C1: NUL, CR, LF,
 * NEL, ...): path separators, those Windows refuses, Unicode line and paragraph separators, and
 * bidirectional controls, which make "clip\u202E4pm.exe" show as "clipexe.mp4".
 */
const UNSAFE_IN_FILE_NAME = /[\\/:*?"<>|\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

function unsafeInFileName(char: string): boolean {
	const code = char.charCodeAt(0);
	return code < 0x20 || (code >= 0x7f && code <= 0x9f) || UNSAFE_IN_FILE_NAME.test(char);
}

/**
 * A name every file system and archive accepts, or undefined when nothing usable is left: unsafe
 * characters (see unsafeInFileName) become "-".
 */
export function safeFileName(name: string): string | undefined {
	const safe = [...name]
		.map((char) => (unsafeInFileName(char) ? '-' : char))
		.join('')
		.replace(/-{2,}/g, '-')
		.trim();
	// Nothing but dashes, dots and spaces names nothing (and "." and ".." are folders).
	return /^[-. ]*$/.test(safe) ? undefined : safe;
}

/** The video's file name from the last segment of its URL, safe, with the container's extension if it has none. */
export function fileNameFromUrl(videoUrl: string, extension: string): string {
	const segment = new URL(videoUrl).pathname.split('/').pop() ?? '';
	let decoded = segment;
	try {
		decoded = decodeURIComponent(segment);
	} catch {
		decoded = segment;
	}
	const safe = safeFileName(decoded);
	if (!safe) return `tiktok-video.${extension}`;
	const named = /\.[a-z0-9]{2,4}$/i.test(safe) ? safe : `${safe}.${extension}`;
	if (Buffer.byteLength(named, 'utf8') <= MAX_FILE_NAME_BYTES) return named;
	const dot = named.lastIndexOf('.');
	const suffix = named.slice(dot);
	// Whole characters (code points) only: half of a surrogate pair is no character at all.
	let stem = '';
	let room = MAX_FILE_NAME_BYTES - Buffer.byteLength(suffix, 'utf8');
	for (const char of named.slice(0, dot)) {
		room -= Buffer.byteLength(char, 'utf8');
		if (room < 0) break;
		stem += char;
	}
	return `${stem}${suffix}`;
}

/**
 * The URL as a pack may record it: without `user:password@`, query and fragment, where signed
 * URLs keep their signatures and tokens.
 */
export function urlForRecord(videoUrl: string): string {
	const url = new URL(videoUrl);
	url.username = '';
	url.password = '';
	url.search = '';
	url.hash = '';
	return url.toString();
}
