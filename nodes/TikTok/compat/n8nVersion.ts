/**
 * The n8n this package needs, and the check that says so. The nodes call n8n's helpers and
 * exports that older n8n versions lack; on such an n8n a node fails at its first use with a
 * NodeOperationError naming the n8n it needs, instead of a TypeError from deep inside a request.
 * The node classes wrap their entry points with `requiringN8n`. Which n8n brought what:
 * docs/compatibility.md.
 */
import type {
	IExecuteFunctions,
	IHookFunctions,
	IPollFunctions,
	IWebhookFunctions,
	NodeConnectionType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

/** The oldest n8n with every helper and export below (NodeConnectionTypes came last, in 1.85.0). */
export const MINIMUM_N8N_VERSION = '1.85.0';

/** The n8n versions the end-to-end suite runs the package in. */
export const TESTED_N8N_VERSIONS = ['1.123.81', '2.41.1'] as const;

type Context = IExecuteFunctions | IPollFunctions | IHookFunctions | IWebhookFunctions;

/** What an entry point calls on its n8n context: `helpers.<name>` or a method of the context itself. */
export type N8nNeeds = readonly string[];

/** The TikTok node's execute: HTTP with the credential, binary data in and out, Stop. */
export const EXECUTE_NEEDS: N8nNeeds = [
	'helpers.httpRequest',
	'helpers.httpRequestWithAuthentication',
	'helpers.assertBinaryData',
	'helpers.getBinaryDataBuffer',
	'helpers.getBinaryMetadata',
	'helpers.getBinaryStream',
	'helpers.prepareBinaryData',
	'getExecutionCancelSignal',
];

/** A polling trigger: HTTP with the credential, and what the last poll saw. */
export const POLL_NEEDS: N8nNeeds = [
	'helpers.httpRequestWithAuthentication',
	'getWorkflowStaticData',
	'getMode',
];

/** The webhook trigger: the deliveries it has already seen. */
export const WEBHOOK_NEEDS: N8nNeeds = ['getWorkflowStaticData'];

/**
 * The connection type of the nodes' input and output. n8n before 1.85.0 has no
 * `NodeConnectionTypes`: the node must still load there, so that its first use can say which n8n
 * it needs (`requiringN8n` reports the export missing).
 */
export const MAIN_CONNECTION: NodeConnectionType =
	(NodeConnectionTypes as Partial<typeof NodeConnectionTypes> | undefined)?.Main ?? 'main';

function hasFunction(holder: unknown, name: string): boolean {
	return (
		typeof holder === 'object' &&
		holder !== null &&
		typeof (holder as Record<string, unknown>)[name] === 'function'
	);
}

/** The needs this n8n context does not meet, in the order listed (the exports first). */
export function missingN8nFeatures(ctx: Context, needs: N8nNeeds): string[] {
	const missing: string[] = [];
	if ((NodeConnectionTypes as Partial<typeof NodeConnectionTypes> | undefined)?.Main !== 'main')
		missing.push('NodeConnectionTypes (n8n-workflow)');
	for (const need of needs) {
		const helper = need.startsWith('helpers.') ? need.slice('helpers.'.length) : undefined;
		const found = helper
			? hasFunction((ctx as { helpers?: unknown }).helpers, helper)
			: hasFunction(ctx, need);
		if (!found) missing.push(need);
	}
	return missing;
}

/** Throws the error that names the n8n needed when this context lacks any of `needs`. */
export function assertN8nSupports(ctx: Context, needs: N8nNeeds): void {
	const missing = missingN8nFeatures(ctx, needs);
	if (!missing.length) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`This node needs n8n ${MINIMUM_N8N_VERSION} or newer`,
		{
			description: `The n8n running this workflow lacks ${missing.join(', ')}, which the TikTok nodes use. Update n8n to ${MINIMUM_N8N_VERSION} or newer (the package is tested on n8n ${TESTED_N8N_VERSIONS.join(' and ')}).`,
		},
	);
}

/** An entry point (execute, poll, webhook) that first checks that this n8n has what it uses. */
export function requiringN8n<C extends Context, A extends unknown[], R>(
	needs: N8nNeeds,
	entryPoint: (this: C, ...args: A) => Promise<R>,
): (this: C, ...args: A) => Promise<R> {
	return async function (this: C, ...args: A): Promise<R> {
		assertN8nSupports(this, needs);
		return await entryPoint.apply(this, args);
	};
}
