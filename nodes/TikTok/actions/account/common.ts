/**
 * What Account (Business) operations share: turning bad input into an error that names the
 * parameter and the fix, before any call to TikTok.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BusinessFieldError } from '../../helpers/businessFields';
import { DateRangeError } from '../../helpers/dateRange';
import { VideoIdError } from '../../helpers/videoId';

/**
 * Runs `read`; a refusal of the input becomes a NodeOperationError for the item, with its fix,
 * its message led by `subject` when given (e.g. `Option "Video IDs"`).
 */
export function readInput<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	read: () => T,
	subject?: string,
): T {
	try {
		return read();
	} catch (error) {
		const known =
			error instanceof DateRangeError ||
			error instanceof BusinessFieldError ||
			error instanceof VideoIdError;
		const message = error instanceof Error ? error.message : String(error);
		throw new NodeOperationError(ctx.getNode(), subject ? `${subject}: ${message}` : message, {
			itemIndex,
			...(known ? { description: error.fix } : {}),
		});
	}
}
