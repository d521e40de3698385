import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { assertN8nSupports, MAIN_CONNECTION, WEBHOOK_NEEDS } from './compat/n8nVersion';
import { authenticationProperty, choicesSubtitle } from './actions/common/descriptions';
import { parseJsonKeepingBigInts } from './helpers/bigint';
import {
	AUTHENTICATION_CREDENTIALS,
	type AuthenticationMethod,
	CREDENTIAL_OAUTH2,
	CREDENTIAL_REFRESH_TOKEN,
} from './auth/endpoints';
import {
	DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
	SIGNATURE_HEADER,
	verifyTikTokSignature,
} from './triggers/webhookSignature';
import {
	deliveryKey,
	isEventSelected,
	normaliseEventName,
	parseEventContent,
	recordDelivery,
	type DeliveryLog,
	WEBHOOK_EVENT_OPTIONS,
} from './triggers/webhookEvents';

/** What n8n's webhook server hands the node (an express request with n8n's raw-body reader). */
interface WebhookRequest {
	rawBody?: Buffer;
	readRawBody: () => Promise<void>;
}

interface WebhookResponse {
	status: (code: number) => WebhookResponse;
	send: (body: string) => WebhookResponse;
	end: () => void;
}

interface TriggerOptions {
	toleranceSeconds?: number;
}

/** Where the node keeps the deliveries it already handled (workflow static data, per node). */
const DELIVERY_LOG_KEY = 'deliveries';

export class TikTokTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Trigger',
		name: 'tikTokTrigger',
		icon: { light: 'file:tiktok.svg', dark: 'file:tiktok.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: choicesSubtitle('Events', 'events', WEBHOOK_EVENT_OPTIONS),
		description:
			'Starts the workflow when TikTok reports a post published, failed or made private, or access removed',
		defaults: { name: 'TikTok Trigger' },
		inputs: [],
		outputs: [MAIN_CONNECTION],
		credentials: [
			{
				name: CREDENTIAL_OAUTH2,
				required: true,
				displayOptions: { show: { authentication: ['oAuth2'] } },
			},
			{
				name: CREDENTIAL_REFRESH_TOKEN,
				required: true,
				displayOptions: { show: { authentication: ['refreshToken'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// TikTok wants a quick 200: n8n answers as soon as the event is accepted, with no body.
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'TikTok sends all webhook events of an app to ONE callback URL, set in the TikTok developer portal under your app > Webhooks (there is no API to register it). Copy this node\'s Production URL from "Webhook URLs" above, paste it there, and activate this workflow. Only one workflow can receive the app\'s events: pick "Any Event" and route with a Switch node if several flows need them. To test, paste the Test URL temporarily, then put the Production URL back.',
				name: 'callbackUrlNotice',
				type: 'notice',
				default: '',
			},
			authenticationProperty(undefined, {
				oAuth2: 'Uses the Client Secret of a TikTok OAuth2 API credential',
				refreshToken: 'Uses the Client Secret of a TikTok Refresh Token API credential',
				description:
					'Which credential holds the Client Secret of the TikTok app the webhook belongs to. TikTok signs every event with it; events that do not match are refused.',
			}),
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: WEBHOOK_EVENT_OPTIONS,
				default: [],
				required: true,
				description:
					'The events that start the workflow. TikTok sends every event of the app for every user; the others are acknowledged and dropped.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Timestamp Tolerance (Seconds)',
						name: 'toleranceSeconds',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
						description:
							"How far the signature's timestamp may be from the n8n server's clock. Older calls are refused as possible replays. Raise it only if the server clock is off.",
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			// TikTok has no API to register a webhook: the URL is pasted into the developer portal.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		assertN8nSupports(this, WEBHOOK_NEEDS);
		const request = this.getRequestObject() as unknown as WebhookRequest;
		const nowSeconds = Math.floor(Date.now() / 1000);
		const header = this.getHeaderData()[SIGNATURE_HEADER];

		// The signature covers the bytes as sent; n8n's body parser has normally read them already.
		if (!request.rawBody) await request.readRawBody();
		const rawBody = Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0);

		const secret = header ? await readClientSecret.call(this) : '';
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const check = verifyTikTokSignature({
			header,
			rawBody,
			secret,
			nowSeconds,
			toleranceSeconds: validTolerance(options.toleranceSeconds),
		});
		if (!check.valid) {
			this.logger.warn(`TikTok Trigger refused a call: ${REFUSAL_REASONS[check.reason]}`, {
				node: this.getNode().name,
			});
			return reply(this, 401, 'Unauthorized');
		}

		const body = parseJsonObject(rawBody);
		if (!body) {
			this.logger.warn('TikTok Trigger received a signed call whose body is not a JSON object', {
				node: this.getNode().name,
			});
			return reply(this, 400, 'Bad Request');
		}

		const event = typeof body.event === 'string' ? body.event : '';
		const selected = this.getNodeParameter('events', []) as string[];
		if (!isEventSelected(event, selected)) return { webhookResponse: 'OK' };

		// At-least-once delivery: a redelivered event is acknowledged and dropped.
		const deliveryId = deliveryKey(body);
		if (!rememberDelivery(this.getWorkflowStaticData('node'), deliveryId, nowSeconds))
			return { webhookResponse: 'OK' };

		const item: IDataObject = {
			...body,
			event,
			event_type: normaliseEventName(event),
			content: parseEventContent(body.content) as IDataObject,
			delivery_id: deliveryId,
		};
		return { workflowData: [[{ json: item }]] };
	}

	/**
	 * Runs as the first step of the execution a webhook call started, and hands the event on.
	 * It records the delivery (again) in the static data of the execution: once an execution
	 * starts, n8n 2.x saves that copy of the workflow's static data, not the one the webhook
	 * call changed (WorkflowRunner re-wraps the call's copy, which clears its "changed" flag).
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const staticData = this.getWorkflowStaticData('node');
		const nowSeconds = Math.floor(Date.now() / 1000);
		for (const item of items) {
			const deliveryId = item.json.delivery_id;
			if (typeof deliveryId === 'string' && deliveryId)
				rememberDelivery(staticData, deliveryId, nowSeconds);
		}
		return [items.map((item, itemIndex) => ({ ...item, pairedItem: { item: itemIndex } }))];
	}
}

/** Records a delivery in the node's static data; false when it was already there (a redelivery). */
function rememberDelivery(
	staticData: IDataObject,
	deliveryId: string,
	nowSeconds: number,
): boolean {
	const { duplicate, log } = recordDelivery(
		staticData[DELIVERY_LOG_KEY] as DeliveryLog | undefined,
		deliveryId,
		nowSeconds,
	);
	// Assigned as a whole: n8n notices changes to static data by assignment.
	if (!duplicate) staticData[DELIVERY_LOG_KEY] = log;
	return !duplicate;
}

const REFUSAL_REASONS = {
	missing: 'no TikTok-Signature header',
	malformed: 'the TikTok-Signature header has no valid t= and s= values',
	stale: 'the signature timestamp is outside the tolerance (a replay, or the server clock is off)',
	mismatch:
		"the signature does not match (another app's secret, an altered body, or a forged call)",
	noSecret: 'the selected credential has no Client Secret',
} as const;

/** The body as a JSON object (int64 literals kept exact), or undefined if it is not one. */
function parseJsonObject(rawBody: Buffer): IDataObject | undefined {
	let parsed: unknown;
	try {
		parsed = parseJsonKeepingBigInts<unknown>(rawBody.toString('utf8'));
	} catch {
		return undefined;
	}
	return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
		? (parsed as IDataObject)
		: undefined;
}

function validTolerance(value: unknown): number {
	const tolerance = Number(value);
	return Number.isFinite(tolerance) && tolerance >= 1
		? tolerance
		: DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
}

async function readClientSecret(this: IWebhookFunctions): Promise<string> {
	const method = this.getNodeParameter('authentication', 'oAuth2') as AuthenticationMethod;
	const credentials = await this.getCredentials(
		AUTHENTICATION_CREDENTIALS[method] ?? CREDENTIAL_OAUTH2,
	);
	return typeof credentials.clientSecret === 'string' ? credentials.clientSecret : '';
}

/** Answers the call directly and starts no execution. */
function reply(context: IWebhookFunctions, status: number, text: string): IWebhookResponseData {
	const response = context.getResponseObject() as unknown as WebhookResponse;
	response.status(status).send(text).end();
	return { noWebhookResponse: true };
}
