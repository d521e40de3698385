/**
 * TikTok's documented rules for what a post or a comment may hold, in one place: the privacy
 * levels and the names users see for them, the text limits, how many photos a post takes and
 * how long a video may be. Every operation, dropdown and message reads them from here.
 */

/** Content Posting API privacy levels, as TikTok names them (creator info offers a subset). */
export const PRIVACY_LEVELS = [
	'PUBLIC_TO_EVERYONE',
	'MUTUAL_FOLLOW_FRIENDS',
	'FOLLOWER_OF_CREATOR',
	'SELF_ONLY',
] as const;
export type PrivacyLevel = (typeof PRIVACY_LEVELS)[number];

/** The names users see for the privacy levels (the values are what TikTok wants). */
export const PRIVACY_LABELS: Readonly<Record<PrivacyLevel, string>> = {
	PUBLIC_TO_EVERYONE: 'Everyone',
	MUTUAL_FOLLOW_FRIENDS: 'Friends (Followers You Follow Back)',
	FOLLOWER_OF_CREATOR: 'Followers',
	SELF_ONLY: 'Only Me',
};

export function isPrivacyLevel(value: string): value is PrivacyLevel {
	return (PRIVACY_LEVELS as readonly string[]).includes(value);
}

/** A level's name for users; a value TikTok may add later shows as itself. */
export function privacyLabel(level: string): string {
	return isPrivacyLevel(level) ? PRIVACY_LABELS[level] : level;
}

/**
 * Longest texts TikTok takes. Post texts count UTF-16 code units, like JavaScript's `length`;
 * the API for Business counts a comment's characters ("max length of 150 characters").
 */
export const TEXT_LIMITS = {
	/** A video's caption (`post_info.title`). */
	videoCaption: 2200,
	/** A photo post's title. */
	photoTitle: 90,
	/** A photo post's description, its caption. */
	photoDescription: 4000,
	/** A comment or a reply. */
	commentText: 150,
} as const;

/** Photos in one photo post. */
export const MAX_PHOTOS = 35;

/** Through the API; the creator's own maximum (max_video_post_duration_sec) may be lower. */
export const MAX_VIDEO_DURATION_SECONDS = 600;
