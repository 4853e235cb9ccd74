import { adfViolations } from './adf-rules.js';
import { checkCreateIssue } from './issue-request.js';
import { startJiraStandIn, type JiraStandIn } from './jira-stand-in.js';
import { parseJql } from './jql-subset.js';

const projects = [{ key: 'OPS', issueTypes: ['Bug'] }];
const doc = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'hi', marks: [{ type: 'link', attrs: { href: 'https://x' } }] }] }] };
const body = (fields: Record<string, unknown>) => JSON.stringify({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Bug' }, summary: 'Rolled back', description: doc, labels: ['songbird'], ...fields } });

describe('the Jira stand-in rules', () => {
  it('takes a create body Jira takes', () => {
    expect(checkCreateIssue(body({}), projects)).toMatchObject({ ok: true, issue: { projectKey: 'OPS', summary: 'Rolled back' } });
  });

  it.each([
    [{ project: { key: 'NOPE' } }, 'project', 'Specify a valid project ID or key'],
    [{ issuetype: undefined }, 'issuetype', 'Specify an issue type'],
    [{ issuetype: { name: 'Epic' } }, 'issuetype', 'Specify a valid issue type'],
    [{ summary: '' }, 'summary', 'You must specify a summary of the issue.'],
    [{ summary: 'x'.repeat(256) }, 'summary', 'Summary must be less than 255 characters.'],
    [{ summary: 'a\nb' }, 'summary', 'The summary is invalid because it contains newline characters.'],
    [{ description: { type: 'doc', version: 2, content: [] } }, 'description', 'Operation value must be an Atlassian Document (see the Atlassian Document Format)'],
    [{ description: 'plain text' }, 'description', 'Operation value must be an Atlassian Document (see the Atlassian Document Format)'],
    [{ labels: ['two words'] }, 'labels', "The label 'two words' contains spaces which is invalid."],
  ])('refuses %j with 400 and Jira\'s error for the field', (fields, field, message) => {
    expect(checkCreateIssue(body(fields), projects)).toEqual({ ok: false, status: 400, body: { errorMessages: [], errors: { [field]: message } } });
  });

  it('refuses a body that is not JSON with an errorMessage', () => {
    expect(checkCreateIssue('{', projects)).toMatchObject({ ok: false, status: 400, body: { errorMessages: [expect.stringContaining('JSON')], errors: {} } });
  });

  it.each([
    [{ type: 'doc', version: 1, content: [{ type: 'table', content: [] }] }, '/content/0/type'],
    [{ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] }, '/content/0/content/0/text'],
    [{ type: 'doc', version: 1, content: [{ type: 'heading', attrs: { level: 7 }, content: [] }] }, '/content/0/attrs/level'],
    [{ type: 'doc', version: 1, content: [{ type: 'bulletList', content: [{ type: 'paragraph', content: [] }] }] }, '/content/0/content/0/type'],
    [{ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link' }] }] }] }, '/content/0/content/0/marks/0/attrs/href'],
  ])('finds the broken ADF rule at its pointer in %j', (value, pointer) => {
    expect(adfViolations(value).map((v) => v.pointer)).toEqual([pointer]);
  });

  it('reads project and labels clauses of JQL and refuses unbounded or unknown ones', () => {
    expect(parseJql('project = "OPS" AND labels = "songbird-1" ORDER BY created ASC')).toEqual({ ok: true, query: { project: 'OPS', labels: ['songbird-1'] } });
    expect(parseJql('ORDER BY created')).toMatchObject({ ok: false, message: expect.stringContaining('Unbounded JQL') });
    expect(parseJql('assignee = me')).toMatchObject({ ok: false, message: expect.stringContaining('Error in the JQL Query') });
  });
});

describe('the Jira stand-in over HTTP', () => {
  let jira: JiraStandIn;
  beforeEach(async () => {
    jira = await startJiraStandIn({ projects });
  });
  afterEach(() => jira.stop());
  const call = (path: string, payload: string, auth = `Basic ${Buffer.from(`${jira.email}:${jira.apiToken}`).toString('base64')}`) =>
    fetch(`${jira.url}${path}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: payload });

  it('files an issue (201 with id, key and self) that a search by its label then finds', async () => {
    const created = await call('/rest/api/3/issue', body({ labels: ['songbird-abc'] }));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: expect.any(String), key: 'OPS-1', self: expect.stringContaining('/rest/api/3/issue/') });
    const found = await call('/rest/api/3/search/jql', JSON.stringify({ jql: 'project = "OPS" AND labels = "songbird-abc"' }));
    expect(((await found.json()) as { issues: unknown[] }).issues).toEqual([expect.objectContaining({ key: 'OPS-1' })]);
  });

  it('answers 401 to a wrong token, and 400 in Jira\'s shape to a search in an unknown project', async () => {
    expect((await call('/rest/api/3/issue', body({}), 'Basic ' + Buffer.from(`${jira.email}:wrong`).toString('base64'))).status).toBe(401);
    const unknown = await call('/rest/api/3/search/jql', JSON.stringify({ jql: 'project = "NOPE"' }));
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ errorMessages: ["The value 'NOPE' does not exist for the field 'project'."], errors: {} });
    expect(jira.issues()).toEqual([]);
  });
});
