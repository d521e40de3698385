/**
 * Is the TikTok node safe to hand to an AI agent? Checked on the node description n8n itself serves
 * (/types/nodes.json, the `…Tool` variant n8n generates from `usableAsTool`), so it covers what the
 * editor and the agent really get, whatever the source looks like:
 *
 * - publishing operations default to a draft (`mode` = `draft`) and have no default privacy level;
 * - every destructive operation (value `delete`, `remove`, …) has an explicit confirmation: a
 *   boolean defaulting to false (or a confirmation field defaulting to empty), shown only for it;
 *   with no destructive operation the rule holds vacuously, and the report says so;
 * - every operation has an `action`, from which n8n writes the tool description the model reads
 *   ("<action> in TikTok") when the description is "Set Automatically".
 */

export interface ToolProperty {
	name: string;
	displayName?: string;
	type: string;
	default?: unknown;
	required?: boolean;
	noDataExpression?: boolean;
	displayOptions?: { show?: Record<string, unknown[]>; hide?: Record<string, unknown[]> };
	options?: Array<{ name?: string; value?: unknown; action?: string; description?: string }>;
}

export interface ToolNodeDescription {
	name: string;
	displayName?: string;
	description?: string;
	outputs?: unknown;
	defaults?: { name?: string };
	codex?: { categories?: string[]; subcategories?: Record<string, string[]> };
	properties?: ToolProperty[];
}

export interface ToolSafetyReport {
	problems: string[];
	/** One line per fact checked, for the PASS line. */
	facts: string[];
	/** Not failures, but worth a human's look. */
	notes: string[];
	/** The tool description n8n generates per operation ("Set Automatically"). */
	autoDescriptions: Record<string, string>;
}

const DESTRUCTIVE = /^(delete|remove|destroy|purge|erase)/i;
/** Operations that publish or create content on the account. */
const PUBLISHING = /^(create|publish|post|upload)/i;

/** Whether `property` is shown for `resource` + `operation` (top-level displayOptions; n8n's "show all listed, hide any"). */
function shownFor(property: ToolProperty, resource: string, operation: string): boolean {
	const values: Record<string, string> = { resource, operation };
	const show = property.displayOptions?.show ?? {};
	const hide = property.displayOptions?.hide ?? {};
	// Conditions on other parameters (e.g. mode = directPost) are judged by shownByDefault.
	for (const [key, allowed] of Object.entries(show))
		if (key in values && !allowed.includes(values[key])) return false;
	for (const [key, hidden] of Object.entries(hide))
		if (key in values && hidden.includes(values[key])) return false;
	return true;
}

/** Shown for the operation's defaults: every `show` condition on other parameters holds at their defaults. */
function shownByDefault(
	property: ToolProperty,
	resource: string,
	operation: string,
	all: ToolProperty[],
): boolean {
	if (!shownFor(property, resource, operation)) return false;
	for (const [key, allowed] of Object.entries(property.displayOptions?.show ?? {})) {
		if (key === 'resource' || key === 'operation' || key.startsWith('@')) continue;
		const controller = all.find((p) => p.name === key && shownFor(p, resource, operation));
		if (controller && !allowed.includes(controller.default)) return false;
	}
	return true;
}

export function operationsOf(
	node: ToolNodeDescription,
): Array<{ resource: string; operation: string; name: string; action?: string }> {
	const properties = node.properties ?? [];
	const resources = (properties.find((p) => p.name === 'resource')?.options ?? [])
		.map((o) => String(o.value))
		.filter((r) => !r.startsWith('__'));
	const out: Array<{ resource: string; operation: string; name: string; action?: string }> = [];
	for (const resource of resources) {
		for (const property of properties.filter(
			(p) => p.name === 'operation' && shownFor(p, resource, '\u0000'),
		)) {
			for (const option of property.options ?? []) {
				// n8n's own "Custom API Call" entry (credential-based HTTP); not an operation of the node.
				if (String(option.value).startsWith('__')) continue;
				out.push({
					resource,
					operation: String(option.value),
					name: String(option.name ?? option.value),
					action: option.action,
				});
			}
		}
	}
	return out;
}

export function checkToolSafety(tool: ToolNodeDescription): ToolSafetyReport {
	const problems: string[] = [];
	const facts: string[] = [];
	const notes: string[] = [];
	const autoDescriptions: Record<string, string> = {};
	const properties = tool.properties ?? [];
	const nodeName = tool.defaults?.name ?? 'TikTok';

	const outputs = JSON.stringify(tool.outputs);
	if (!outputs.includes('ai_tool')) problems.push(`outputs ${outputs}, not ai_tool`);
	if (!tool.codex?.categories?.includes('AI') || !tool.codex.subcategories?.AI?.includes('Tools')) {
		problems.push(
			`codex ${JSON.stringify(tool.codex)} does not list it under AI > Tools (the agent's tool picker)`,
		);
	}
	const descriptionType = properties.find((p) => p.name === 'descriptionType');
	const toolDescription = properties.find((p) => p.name === 'toolDescription');
	if (!toolDescription) problems.push('no toolDescription parameter');
	facts.push(
		`tool description "${descriptionType?.default === 'auto' ? 'Set Automatically' : String(descriptionType?.default)}" (manual default: "${String(toolDescription?.default)}")`,
	);

	const operations = operationsOf(tool);
	if (!operations.length) problems.push('no resource/operation found in the tool description');
	for (const op of operations) {
		const key = `${op.resource}.${op.operation}`;
		if (!op.action)
			problems.push(
				`${key} has no action: the model would read "${op.operation} ${op.resource} in ${nodeName}"`,
			);
		autoDescriptions[key] = op.action
			? `${op.action} in ${nodeName}`
			: `${op.operation} ${op.resource} in ${nodeName}`;
	}

	// Publishing: drafts by default, no default privacy.
	const mustDraft = ['post.createVideo', 'post.createPhoto'];
	for (const op of operations.filter((o) => PUBLISHING.test(o.operation))) {
		const key = `${op.resource}.${op.operation}`;
		const mode = properties.find(
			(p) => p.name === 'mode' && shownFor(p, op.resource, op.operation),
		);
		if (!mode) {
			if (mustDraft.includes(key))
				problems.push(`${key} has no "mode" parameter (draft or direct post)`);
			else
				notes.push(
					`${key} has no draft/direct "mode": not checked as a publishing operation (it must not publish to TikTok)`,
				);
			continue;
		}
		const values = (mode.options ?? []).map((o) => String(o.value));
		if (mode.default !== 'draft')
			problems.push(
				`${key} mode defaults to "${String(mode.default)}", not "draft" (options ${values.join('/')})`,
			);
		const privacy = properties.find(
			(p) => p.name === 'privacyLevel' && shownFor(p, op.resource, op.operation),
		);
		if (privacy && privacy.default !== '')
			problems.push(
				`${key} privacyLevel defaults to "${String(privacy.default)}": TikTok requires the user's explicit choice`,
			);
		if (privacy && shownByDefault(privacy, op.resource, op.operation, properties))
			problems.push(
				`${key} shows a privacy level at its defaults, i.e. it would publish by default`,
			);
		facts.push(
			`${key} mode default "${String(mode.default)}"${privacy ? `, privacyLevel default "${String(privacy.default)}" (direct post only)` : ''}`,
		);
		if (!/draft|inbox/i.test(autoDescriptions[key] ?? '')) {
			notes.push(
				`the automatic tool description for ${key} is "${autoDescriptions[key]}": it does not tell the model that it makes a draft unless mode is set`,
			);
		}
	}
	for (const key of mustDraft)
		if (!operations.some((o) => `${o.resource}.${o.operation}` === key))
			problems.push(`${key} is missing`);

	// Destructive operations: an explicit confirmation, off by default, for that operation only.
	const destructive = operations.filter((o) => DESTRUCTIVE.test(o.operation));
	for (const op of destructive) {
		const key = `${op.resource}.${op.operation}`;
		const candidates = properties.filter(
			(p) =>
				shownFor(p, op.resource, op.operation) &&
				(p.displayOptions?.show?.operation ?? []).includes(op.operation) &&
				((p.type === 'boolean' && p.default === false) ||
					(['string', 'options'].includes(p.type) &&
						p.default === '' &&
						/confirm|allow/i.test(`${p.name} ${p.displayName ?? ''}`))),
		);
		const confirmation =
			candidates.find((p) => /confirm|allow|permanent/i.test(`${p.name} ${p.displayName ?? ''}`)) ??
			candidates[0];
		if (!confirmation) {
			problems.push(
				`${key} is destructive but has no confirmation parameter (a boolean defaulting to false, or a confirmation field defaulting to empty)`,
			);
			continue;
		}
		const agentProof = confirmation.noDataExpression === true;
		facts.push(
			`${key} needs "${confirmation.displayName ?? confirmation.name}" (${confirmation.name}: ${confirmation.type}, default ${JSON.stringify(confirmation.default)}${confirmation.required ? ', required' : ''}${agentProof ? ', no expressions' : ''})`,
		);
		if (!agentProof)
			notes.push(
				`${key}: "${confirmation.name}" accepts expressions, so an agent could fill it in ($fromAI)`,
			);
	}
	if (!destructive.length)
		facts.push(
			'no destructive operation yet (delete/remove): the confirmation rule holds vacuously',
		);

	return { problems, facts, notes, autoDescriptions };
}
