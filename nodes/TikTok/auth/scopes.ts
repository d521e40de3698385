/**
 * The TikTok for Developers scopes the Connect credential offers, with what each unlocks in this
 * package, and the ones it asks for by default (what the TikTok node's operations need).
 * Source: TikTok's scope list (Login Kit, Display API, Content Posting API).
 */
import type { INodePropertyOptions } from 'n8n-workflow';

export const DEVELOPERS_SCOPE_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'user.info.basic',
		value: 'user.info.basic',
		description: 'Profile: open ID, display name and avatar (User > Get Profile, credential test)',
	},
	{
		name: 'user.info.profile',
		value: 'user.info.profile',
		description: 'Profile: username, bio, profile link and verified badge',
	},
	{
		name: 'user.info.stats',
		value: 'user.info.stats',
		description: 'Profile: follower, following, like and video counts',
	},
	{
		name: 'video.list',
		value: 'video.list',
		description: 'Video > Get and Get Many, the New Video Trigger and the video pickers',
	},
	{
		name: 'video.upload',
		value: 'video.upload',
		description:
			"Drafts: Create Video Post and Create Photo Post in Draft mode (the creator's inbox)",
	},
	{
		name: 'video.publish',
		value: 'video.publish',
		description:
			'Direct posts, Get Creator Info and the privacy levels (the app also needs Direct Post enabled)',
	},
];

export const DEFAULT_DEVELOPERS_SCOPES = [
	'user.info.basic',
	'video.list',
	'video.upload',
	'video.publish',
];
