/**
 * Runs the lint of n8n's community package scanner (`@n8n/scan-community-package`, its own
 * `analyzePackage` and ESLint config) on a folder, as its CLI would on a downloaded package.
 * A separate process because the scanner runs as a CLI: under a test runner NODE_ENV=test
 * switches eslint-plugin-n8n-nodes-base into its self-test mode (every file a node file).
 *
 * Run: node test/package/scan-package.mjs <absolute folder> <glob>...
 * Prints one JSON line: { passed, message?, details? }.
 */
import { analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const [folder, ...patterns] = process.argv.slice(2);
const result = await analyzePackage(folder, patterns);
process.stdout.write(
	`${JSON.stringify({ passed: result.passed, message: result.message, details: result.details })}\n`,
);
