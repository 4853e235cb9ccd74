// What Jira Cloud checks of `POST /rest/api/3/issue`, as a pure function: the
// body, answered with Jira's status and ErrorCollection
// (`{ errorMessages: [], errors: { <field>: <message> } }`). Each rule and its
// source is listed in README.md beside this file.
import { adfViolations } from './adf-rules.js';

export interface ErrorCollection {
  readonly errorMessages: string[];
  readonly errors: Record<string, string>;
}

export interface JiraProject {
  readonly key: string;
  readonly issueTypes: readonly string[];
}

export interface ValidIssue {
  readonly projectKey: string;
  readonly issueType: string;
  readonly summary: string;
  readonly description: unknown;
  readonly labels: string[];
}

export type IssueCheck = { ok: true; issue: ValidIssue } | { ok: false; status: 400; body: ErrorCollection };

export const SUMMARY_MAX = 255;
export const LABEL_MAX = 255;

function refused(errors: Record<string, string>, errorMessages: string[] = []): IssueCheck {
  return { ok: false, status: 400, body: { errorMessages, errors } };
}

function obj(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The issue `raw` (the request body as text) asks for, or Jira's 400 for it. */
export function checkCreateIssue(raw: string, projects: readonly JiraProject[]): IssueCheck {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return refused({}, ['Unexpected character in the request body: it is not JSON.']);
  }
  const fields = obj(obj(body)?.fields);
  if (!fields) return refused({ project: 'Specify a valid project ID or key' });
  const errors: Record<string, string> = {};
  const projectRef = obj(fields.project);
  const project = projects.find((p) => p.key === projectRef?.key || p.key === projectRef?.id);
  if (!project) errors.project = 'Specify a valid project ID or key';
  const issueType = obj(fields.issuetype)?.name;
  if (typeof issueType !== 'string' || issueType === '') errors.issuetype = 'Specify an issue type';
  else if (project && !project.issueTypes.includes(issueType)) errors.issuetype = 'Specify a valid issue type';
  const summary = fields.summary;
  if (typeof summary !== 'string' || summary.trim() === '') errors.summary = 'You must specify a summary of the issue.';
  else if ([...summary].length > SUMMARY_MAX) errors.summary = `Summary must be less than ${SUMMARY_MAX} characters.`;
  else if (/[\r\n]/.test(summary)) errors.summary = 'The summary is invalid because it contains newline characters.';
  if (fields.description !== undefined && adfViolations(fields.description).length > 0) errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
  const labels = fields.labels ?? [];
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) errors.labels = 'Operation value must be a string';
  else {
    const spaced = labels.find((l: string) => /\s/.test(l));
    const long = labels.find((l: string) => l.length > LABEL_MAX);
    if (spaced !== undefined) errors.labels = `The label '${spaced}' contains spaces which is invalid.`;
    else if (long !== undefined) errors.labels = `The label '${long}' exceeds the maximum length for a single label of ${LABEL_MAX} characters.`;
  }
  if (Object.keys(errors).length > 0) return refused(errors);
  return { ok: true, issue: { projectKey: project!.key, issueType: issueType as string, summary: summary as string, description: fields.description, labels: labels as string[] } };
}
