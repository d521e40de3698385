/**
 * Readers of parameters shared by several operations: free text and IDs (so that no object or
 * list becomes text, see helpers/text) and Return All / Limit.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parameterText, TextParameterError } from '../../helpers/text';

/** A value as text, or a NodeOperationError naming `subject` (e.g. `"Caption"`) and the fix. */
export function asText(
	this: IExecuteFunctions,
	value: unknown,
	subject: string,
	itemIndex: number,
): string {
	try {
		return parameterText(value, subject);
	} catch (error) {
		const fix = error instanceof TextParameterError ? error.fix : undefined;
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex, description: fix });
	}
}

/**
 * A resource locator parameter: the mode chosen in the editor and its value, or only the value
 * when the parameter holds a plain value (an expression, an AI agent's tool call).
 */
export function readResourceLocator(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
): { mode?: string; value: unknown } {
	const raw: unknown = this.getNodeParameter(name, itemIndex, '');
	if (typeof raw === 'object' && raw !== null && 'mode' in raw) {
		const locator = raw as { mode: unknown; value?: unknown };
		return { mode: String(locator.mode), value: locator.value };
	}
	return { value: raw };
}

/** The parameter `name` as text; `displayName` is how the editor labels it. */
export function readText(
	this: IExecuteFunctions,
	name: string,
	itemIndex: number,
	displayName: string,
): string {
	return asText.call(
		this,
		this.getNodeParameter(name, itemIndex, ''),
		`"${displayName}"`,
		itemIndex,
	);
}

/**
 * Return All → undefined; else the Limit, which must be a whole number of at least 1.
 * `things` names what is listed ("videos", "comments") in the fix.
 */
export function readLimit(
	this: IExecuteFunctions,
	itemIndex: number,
	things: string,
): number | undefined {
	if (this.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const raw = this.getNodeParameter('limit', itemIndex, 50) as unknown;
	// An expression may hand over "25" as text.
	const limit = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		throw new NodeOperationError(
			this.getNode(),
			`"Limit" must be a whole number of at least 1, got ${String(raw)}`,
			{
				itemIndex,
				description: `Set "Limit" to how many ${things} to return, or turn on "Return All".`,
			},
		);
	}
	return limit;
}
