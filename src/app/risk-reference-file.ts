import { StargateError } from '../errors.js';
import { RiskReference } from '../risk/reference.js';
import { formatIssue, parseText, zodIssuesToFileIssues } from './scenario-file.js';

/** Read the risk model's reference data (YAML or JSON); a bad file names its line and path. */
export function readRiskReference(file: string, text: string): RiskReference {
  const parsed = parseText(file, text);
  if (!parsed.ok)
    throw new StargateError('invalid-input', parsed.issues.map(formatIssue).join('\n'));
  const result = RiskReference.safeParse(parsed.data);
  if (!result.success)
    throw new StargateError(
      'invalid-input',
      zodIssuesToFileIssues(file, text, result.error.issues).map(formatIssue).join('\n'),
    );
  return result.data;
}
