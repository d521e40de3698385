/** Types for the parts of n8n's package scanner (plain JavaScript, no types shipped) the tests call. */
declare module '@n8n/scan-community-package/scanner/scanner.mjs' {
	export interface ScanResult {
		passed: boolean;
		message?: string;
		/** ESLint's "stylish" report of the violations. */
		details?: string;
	}
	/** Lints the files of `packageDir` (absolute) matching `filePatterns` with the scanner's ESLint config. */
	export function analyzePackage(packageDir: string, filePatterns?: string[]): Promise<ScanResult>;
	/** The files of the source checkout the scanner lints: package.json, nodes/ and credentials/. */
	export const SOURCE_FILE_PATTERNS: string[];
}
