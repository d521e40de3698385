import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { asText, readText } from '../common/parameters';
import { directPostOptions, postIdExpected, postModeProperty, privacyLevelProperty, publishOutput, readPrivacyLevel, readWaitTimeout, waitOptions } from './common';
import { fetchCreatorInfo, waitForPublish } from '../../developers/contentPosting';
import { findStartedPost, initPostOnce } from './postOnce';

const MAX_PHOTOS = 35;
const MAX_TITLE_LENGTH = 90;
const MAX_DESCRIPTION_LENGTH = 4000;

const properties: INodeProperties[] = [
	{
		displayName: 'Photo URLs',
		name: 'photoUrls',
		type: 'string',
		typeOptions: { multipleValues: true },
		default: [],
		required: true,
		placeholder: 'https://media.example.com/photos/1.jpg',
		description:
			'1 to 35 public https URLs of JPEG or WebP images (at most 1080p, 20 MB each), in carousel order. Their domain or URL prefix must be verified for your app in the TikTok developer portal.',
	},
	{
		displayName: 'Cover Index',
		name: 'coverIndex',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Position of the cover photo in the list, counting from 0',
	},
	postModeProperty('needs video.upload', 'needs video.publish'),
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description: 'Optional, up to 90 characters',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Optional, up to 4000 characters. #hashtags and @mentions are recognised by TikTok.',
	},
	privacyLevelProperty,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Add Music Automatically',
				name: 'autoAddMusic',
				type: 'boolean',
				default: false,
				description: 'Whether TikTok adds recommended music (direct post only)',
				displayOptions: { show: { '/mode': ['directPost'] } },
			},
			directPostOptions.brandContent,
			directPostOptions.disableComment,
			directPostOptions.brandOrganic,
			...waitOptions,
		],
	},
];

const displayOptions = { show: { resource: ['post'], operation: ['createPhoto'] } };

export const description = updateDisplayOptions(displayOptions, properties);

interface PhotoOptions {
	autoAddMusic?: boolean;
	brandContentToggle?: boolean;
	brandOrganicToggle?: boolean;
	disableComment?: boolean;
	waitForCompletion?: boolean;
	waitTimeout?: number;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const mode = this.getNodeParameter('mode', itemIndex) as 'directPost' | 'draft';
	const urls = validatePhotoUrls.call(this, itemIndex);
	const coverIndex = Number(this.getNodeParameter('coverIndex', itemIndex, 0));
	if (!Number.isInteger(coverIndex) || coverIndex < 0 || coverIndex >= urls.length) {
		throw new NodeOperationError(this.getNode(), `"Cover Index" ${coverIndex} does not point at one of the ${urls.length} photos`, {
			itemIndex,
			description: `Use a number from 0 to ${urls.length - 1}.`,
		});
	}
	// Both optional for drafts and direct posts alike; TikTok counts UTF-16 units, like `length`.
	const title = readText.call(this, 'title', itemIndex, 'Title');
	const text = readText.call(this, 'description', itemIndex, 'Description');
	if (title.length > MAX_TITLE_LENGTH) {
		throw new NodeOperationError(this.getNode(), `"Title" is ${title.length} characters long; TikTok allows ${MAX_TITLE_LENGTH}`, { itemIndex });
	}
	if (text.length > MAX_DESCRIPTION_LENGTH) {
		throw new NodeOperationError(this.getNode(), `"Description" is ${text.length} characters long; TikTok allows ${MAX_DESCRIPTION_LENGTH}`, {
			itemIndex,
		});
	}
	const options = this.getNodeParameter('options', itemIndex, {}) as PhotoOptions;
	if (options.waitForCompletion) options.waitTimeout = readWaitTimeout.call(this, itemIndex, options);

	const postInfo: IDataObject = {};
	if (title.trim()) postInfo.title = title;
	if (text.trim()) postInfo.description = text;
	let username: string | undefined;
	let privacyLevel: string | undefined;
	if (mode === 'directPost') {
		privacyLevel = readPrivacyLevel.call(this, itemIndex, options.brandContentToggle);
		const creator = await fetchCreatorInfo.call(this, itemIndex);
		if (!creator.privacy_level_options.includes(privacyLevel)) {
			throw new NodeOperationError(this.getNode(), `The privacy level "${privacyLevel}" is not offered for this TikTok account`, {
				itemIndex,
				description: `TikTok offers: ${creator.privacy_level_options.join(', ')}. Pick one of them in "Privacy Level".`,
			});
		}
		username = creator.creator_username;
		Object.assign(postInfo, {
			privacy_level: privacyLevel,
			disable_comment: options.disableComment !== false || Boolean(creator.comment_disabled),
			auto_add_music: Boolean(options.autoAddMusic),
			brand_content_toggle: Boolean(options.brandContentToggle),
			brand_organic_toggle: Boolean(options.brandOrganicToggle),
		});
	}

	// n8n's Retry On Fail runs the node again: wait for the post started then, never start another.
	const started = findStartedPost.call(this, itemIndex, mode, {
		kind: 'photo',
		mode,
		source: 'PULL_FROM_URL',
		media: urls,
		texts: [title, text],
		privacyLevel,
		coverIndex,
		options,
	});
	let entry = started.entry;
	if (!entry) {
		entry = await initPostOnce.call(this, {
			key: started.key,
			itemIndex,
			mode,
			request: {
				method: 'POST',
				path: '/v2/post/publish/content/init/',
				scope: mode === 'directPost' ? 'video.publish' : 'video.upload',
				body: {
					media_type: 'PHOTO',
					post_mode: mode === 'directPost' ? 'DIRECT_POST' : 'MEDIA_UPLOAD',
					post_info: postInfo,
					source_info: { source: 'PULL_FROM_URL', photo_cover_index: coverIndex, photo_images: urls },
				},
			},
			// TikTok pulls the photos itself: a lost answer may hide a post already under way.
			reinitIfAnswerLost: false,
			entry: { mediaDelivered: true, username },
		});
	}
	const publishId = entry.publishId;
	username = entry.username;
	const summary = { mode, photo_count: urls.length };
	if (!options.waitForCompletion) {
		entry.finished = true;
		return [{ json: { ...publishOutput(publishId, undefined), ...summary, status: 'SUBMITTED' }, pairedItem: { item: itemIndex } }];
	}
	// Posts public to everyone get their post ID only after moderation: keep waiting for it.
	const untilPostId = mode === 'directPost' && postIdExpected(privacyLevel);
	const waited = await waitForPublish.call(this, publishId, itemIndex, options.waitTimeout ?? 300, untilPostId);
	const json: IDataObject = { ...publishOutput(publishId, waited.status, { username, kind: 'photo', privacyLevel }), ...summary };
	if (waited.status.status === 'FAILED') {
		throw new NodeOperationError(this.getNode(), `TikTok could not publish the photos (${String(waited.status.fail_reason ?? 'no reason given')})`, {
			itemIndex,
			description: `${String(json.advice)} Publish ID: ${publishId}.`,
		});
	}
	if (waited.timedOut) json.timed_out = true;
	entry.finished = true;
	return [{ json, pairedItem: { item: itemIndex } }];
}

function validatePhotoUrls(this: IExecuteFunctions, itemIndex: number): string[] {
	const raw: unknown = this.getNodeParameter('photoUrls', itemIndex, []);
	// One URL per entry; a single text (e.g. from an expression) may hold several.
	const texts = Array.isArray(raw)
		? raw.map((entry: unknown, index) => asText.call(this, entry, `"Photo URLs" entry ${index + 1}`, itemIndex))
		: asText.call(this, raw, '"Photo URLs"', itemIndex).split(/[\s,]+/);
	const list = texts.map((url) => url.trim()).filter(Boolean);
	if (!list.length || list.length > MAX_PHOTOS) {
		throw new NodeOperationError(this.getNode(), `"Photo URLs" has ${list.length} entries; TikTok takes 1 to ${MAX_PHOTOS}`, { itemIndex });
	}
	for (const entry of list) {
		let url: URL;
		try {
			url = new URL(entry);
		} catch {
			throw new NodeOperationError(this.getNode(), `"Photo URLs" contains an invalid URL: "${entry}"`, { itemIndex });
		}
		if (url.protocol !== 'https:') {
			throw new NodeOperationError(this.getNode(), `"Photo URLs" must be https: "${entry}"`, {
				itemIndex,
				description: 'TikTok downloads photos only from https URLs on a verified domain or URL prefix.',
			});
		}
		if (/\.(png|gif|bmp|heic|tiff?)$/i.test(url.pathname)) {
			throw new NodeOperationError(this.getNode(), `"Photo URLs" contains a format TikTok refuses: "${entry}"`, {
				itemIndex,
				description: 'TikTok photo posts take JPEG or WebP images only. Convert the image first.',
			});
		}
	}
	return list;
}
