/**
 * The fake's route table: every endpoint it plays, as method + host + path, with the request
 * shape TikTok enforces there (query keys, body kind and keys, headers) and how that API answers
 * a request of the wrong shape. `RouteTable.find` is the one place that refuses what has no route
 * (404, or 405 for a known path asked with another method); `shapeProblem` is the one place that
 * checks shapes, before any handler runs. Handlers check only values and state (tokens, IDs).
 */
import type { FakeResponse, RecordedRequest } from './tiktok.mts';

/** A route's handler; `body` is the raw body (a chunk's bytes are not kept in the record). */
export type RouteHandler = (
	request: RecordedRequest,
	body: Buffer,
) => FakeResponse | Promise<FakeResponse>;

/** What a route accepts after the headers. */
export type BodyShape =
	/** Nothing (GET). */
	| { kind: 'none' }
	/** An application/x-www-form-urlencoded form; its keys are the handler's to read. */
	| { kind: 'form' }
	/**
	 * Content-Type: application/json on every call (TikTok's header tables say so, also for a POST
	 * without a body) and a JSON object with only `keys`, `required` among them present and not
	 * empty. `optional`: the body may be left out.
	 */
	| { kind: 'json'; keys: readonly string[]; required?: readonly string[]; optional?: boolean }
	/**
	 * One chunk of a video upload to a pre-signed URL: a Content-Type of `contentTypes`, a
	 * Content-Length equal to the body, and no Authorization header. Recorded once answered,
	 * without its bytes (the upload host may hold a chunk in flight: posts.holdUpload).
	 */
	| { kind: 'chunk'; contentTypes: readonly string[] };

export interface Route {
	method: 'GET' | 'POST' | 'PUT';
	host: string;
	/** The exact path; one ending in `*` stands for every path under it (a file server). */
	path: string;
	/** The only query parameters accepted, or `any` where the handler reads what it needs. */
	query: readonly string[] | 'any';
	body: BodyShape;
	/** This API's answer to a request of the wrong shape. */
	refuse: (problem: string) => FakeResponse;
	handle: RouteHandler;
}

const NOT_FOUND: FakeResponse = {
	status: 404,
	headers: { 'content-type': 'text/plain' },
	body: '404 page not found',
};
const METHOD_NOT_ALLOWED: FakeResponse = {
	status: 405,
	headers: { 'content-type': 'text/plain' },
	body: 'Method Not Allowed',
};

/** TikTok's answer to a path (or host) it does not serve. */
export function notFound(): FakeResponse {
	return { ...NOT_FOUND };
}

function pathMatches(route: Route, path: string): boolean {
	return route.path.endsWith('*') ? path.startsWith(route.path.slice(0, -1)) : path === route.path;
}

export class RouteTable {
	constructor(readonly routes: readonly Route[]) {}

	/** The route for a request, or TikTok's answer when there is none: 405 for a known path, else 404. */
	find(method: string, host: string, path: string): Route | FakeResponse {
		const onPath = this.routes.filter((route) => route.host === host && pathMatches(route, path));
		const route = onPath.find((candidate) => candidate.method === method);
		if (route) return route;
		return onPath.length ? { ...METHOD_NOT_ALLOWED } : notFound();
	}
}

/** What is wrong with the request's shape for `route`, in the words the API answers with; undefined if nothing. */
export function shapeProblem(route: Route, req: RecordedRequest): string | undefined {
	if (route.query !== 'any') {
		const allowed = route.query;
		const unknown = Object.keys(req.query).filter((key) => !allowed.includes(key));
		if (unknown.length) return `Unknown parameter: ${unknown.join(',')}`;
	}
	const contentType = req.headers['content-type'] ?? '';
	const body = route.body;
	switch (body.kind) {
		case 'none':
			return req.bodyText.length > 0 ? 'GET requests must not carry a body.' : undefined;
		case 'form':
			return contentType.startsWith('application/x-www-form-urlencoded')
				? undefined
				: 'The request body must be a form (Content-Type: application/x-www-form-urlencoded).';
		case 'json': {
			if (!contentType.startsWith('application/json'))
				return 'The request body must be JSON (Content-Type: application/json).';
			if (!req.bodyText.length && body.optional) return undefined;
			const json = req.json;
			if (json === null || typeof json !== 'object' || Array.isArray(json))
				return 'The request body is not a JSON object.';
			const sent = json as Record<string, unknown>;
			const unknown = Object.keys(sent).filter((key) => !body.keys.includes(key));
			if (unknown.length) return `Unknown body parameter: ${unknown.join(',')}`;
			const missing = (body.required ?? []).filter(
				(key) => sent[key] === undefined || sent[key] === '',
			);
			return missing.length ? `Missing parameter: ${missing.join(',')}` : undefined;
		}
		case 'chunk': {
			if (req.headers.authorization)
				return 'The upload URL is pre-signed: send no Authorization header';
			if (!body.contentTypes.includes(contentType)) return 'Unsupported Content-Type';
			const length = Number(req.headers['content-length']);
			return Number.isInteger(length) && length === req.bodyLength
				? undefined
				: 'Content-Length does not match the body';
		}
	}
}

/** The JSON object a route's shape check let through (an empty one where the body was optional and left out). */
export function jsonBody(req: RecordedRequest): Record<string, unknown> {
	return (req.json ?? {}) as Record<string, unknown>;
}
