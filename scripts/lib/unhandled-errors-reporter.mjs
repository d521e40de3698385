// A vitest reporter for scripts/test-totals.mjs: vitest's JSON report has no place for unhandled
// errors (a rejection or a crash outside every test, which fail the run), so their count is
// written beside that report, as <report>.unhandled.json. Run it with the JSON reporter and its
// --outputFile.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export default class UnhandledErrorsReporter {
	onInit(vitest) {
		const outputFile = vitest.config.outputFile;
		this.report = typeof outputFile === 'string' ? outputFile : outputFile?.json;
	}

	onTestRunEnd(_testModules, unhandledErrors) {
		if (!this.report) return;
		mkdirSync(dirname(this.report), { recursive: true });
		const messages = unhandledErrors.map((error) => String(error?.message ?? error).split('\n')[0]);
		writeFileSync(
			`${this.report}.unhandled.json`,
			`${JSON.stringify({ count: unhandledErrors.length, messages })}\n`,
		);
	}
}
