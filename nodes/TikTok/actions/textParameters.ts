/** Free-text and ID parameters, read so that no object or list becomes text (see helpers/text). */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parameterText, TextParameterError } from '../helpers/text';

/** A value as text, or a NodeOperationError naming `subject` (e.g. `"Caption"`) and the fix. */
export function asText(this: IExecuteFunctions, value: unknown, subject: string, itemIndex: number): string {
	try {
		return parameterText(value, subject);
	} catch (error) {
		const fix = error instanceof TextParameterError ? error.fix : undefined;
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex, description: fix });
	}
}

/** The parameter `name` as text; `displayName` is how the editor labels it. */
export function readText(this: IExecuteFunctions, name: string, itemIndex: number, displayName: string): string {
	return asText.call(this, this.getNodeParameter(name, itemIndex, ''), `"${displayName}"`, itemIndex);
}
