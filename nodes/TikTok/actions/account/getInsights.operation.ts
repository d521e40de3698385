import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { businessApiRequest } from '../../business/api';
import {
	ACCOUNT_FIELDS,
	fieldsInGroup,
	parseFieldChoice,
	scopesForFields,
} from '../../helpers/businessFields';
import { MAX_LOOKBACK_DAYS, resolveDateRange } from '../../helpers/dateRange';
import { policiesOf } from '../../transport/policies';
import { readInput } from './common';

export const DEFAULT_INSIGHT_FIELDS = [
	'display_name',
	'username',
	'followers_count',
	'video_views',
	'profile_views',
	'likes',
	'comments',
	'shares',
	'daily_new_followers',
];

const OUTPUTS = ['perDay', 'single'] as const;
type Output = (typeof OUTPUTS)[number];

const properties: INodeProperties[] = [
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		description: `First day of the range (a UTC day, included). Empty: 7 days before today. TikTok keeps ${MAX_LOOKBACK_DAYS} days.`,
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		default: '',
		description:
			'Last day of the range (a UTC day, included). Empty: yesterday. Daily metrics arrive 24-48 hours late.',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		options: ACCOUNT_FIELDS.map(({ name, value, description }) => ({ name, value, description })),
		default: [...DEFAULT_INSIGHT_FIELDS],
		description:
			'Profile fields, daily metrics ("Daily") and audience fields to return. Each needs a scope the account holder granted.',
		hint: 'With "One Item per Day" and no daily metric chosen, the output is one item with the profile',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				options: [
					{
						name: 'One Item per Day',
						value: 'perDay',
						description:
							"One item per day TikTok returned: the date, that day's metrics, and the profile and audience fields repeated, ready for a sheet row",
					},
					{
						name: 'One Item (Profile + Metrics Array)',
						value: 'single',
						description:
							"TikTok's answer as it is: the profile and audience fields, and metrics[] with one entry per day",
					},
				],
				default: 'perDay',
			},
		],
	},
];

const displayOptions = { show: { resource: ['account'], operation: ['getInsights'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** The account's profile and daily metrics over a date range (`GET business/get/`). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { startDate, endDate } = readInput(this, itemIndex, () =>
		resolveDateRange(
			this.getNodeParameter('startDate', itemIndex, ''),
			this.getNodeParameter('endDate', itemIndex, ''),
			policiesOf(this).clock.now(),
		),
	);
	const fields = readInput(this, itemIndex, () =>
		parseFieldChoice(
			this.getNodeParameter('fields', itemIndex, DEFAULT_INSIGHT_FIELDS),
			ACCOUNT_FIELDS,
		),
	);
	if (fields.length === 0) {
		throw new NodeOperationError(this.getNode(), '"Fields" is empty', {
			itemIndex,
			description: 'Choose at least one field to return.',
		});
	}
	const output = readOutput.call(this, itemIndex);

	const { data } = await businessApiRequest.call(this, {
		method: 'GET',
		path: 'business/get/',
		qs: { start_date: startDate, end_date: endDate, fields: JSON.stringify(fields) },
		itemIndex,
		scope: 'user.insights',
		idempotent: true,
		operation: 'getInsights',
		fieldScopes: scopesForFields(fields, ACCOUNT_FIELDS),
	});
	const dailyChosen = fieldsInGroup(fields, ACCOUNT_FIELDS, 'daily').length > 0;
	return insightItems(data, output, dailyChosen).map((json) => ({
		json,
		pairedItem: { item: itemIndex },
	}));
}

function readOutput(this: IExecuteFunctions, itemIndex: number): Output {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const output = options.output ?? 'perDay';
	if (!OUTPUTS.includes(output as Output)) {
		throw new NodeOperationError(
			this.getNode(),
			`Option "Output" has an unknown value: ${String(output)}`,
			{
				itemIndex,
				description:
					'Choose "One Item per Day" (perDay) or "One Item (Profile + Metrics Array)" (single).',
			},
		);
	}
	return output as Output;
}

/**
 * The answer as output items. Per day: one item per entry of `metrics` (a day TikTok did not
 * return is not made up), holding that day's metrics and then the profile and audience fields;
 * where both have a field (followers_count), the day's value wins. With no daily metric chosen,
 * one item with the profile; with daily metrics chosen and no day returned yet (they arrive
 * 24-48 hours late), no item: an item without a date would become an empty or undated sheet row.
 * Single: the answer as it is.
 */
function insightItems(data: IDataObject, output: Output, dailyChosen: boolean): IDataObject[] {
	if (output === 'single') return [data];
	const { metrics, ...profile } = data;
	const days = Array.isArray(metrics)
		? (metrics as unknown[]).filter(
				(day): day is IDataObject => typeof day === 'object' && day !== null && !Array.isArray(day),
			)
		: [];
	if (days.length === 0) return dailyChosen ? [] : [profile];
	return days.map((day) => {
		const item: IDataObject = { ...day };
		for (const [key, value] of Object.entries(profile)) if (!(key in item)) item[key] = value;
		return item;
	});
}
