import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Return All and Limit, the pair every list operation shows (n8n's convention). */
export const returnAllProperty: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitProperty: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

/**
 * Return All → undefined; else the Limit, which must be a whole number of at least 1.
 * `things` names what is listed ("videos", "comments") in the fix.
 */
export function readLimit(this: IExecuteFunctions, itemIndex: number, things: string): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const raw = this.getNodeParameter('limit', itemIndex, 50) as unknown;
	// An expression may hand over "25" as text.
	const limit = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(this.getNode(), `"Limit" must be a whole number of at least 1, got ${String(raw)}`, {
			itemIndex,
			description: `Set "Limit" to how many ${things} to return, or turn on "Return All".`,
		});
	}
	return limit;
}
