// An opt-in audit log for the world's kube-apiserver (startWorld({ audit })),
// so a bench can count the API requests each client makes. Off by default:
// the e2e tests run without it. The policy follows
// https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/ (audit.k8s.io/v1
// Policy): one event per request at the Metadata level (user, userAgent,
// verb, URI, response code; no bodies), the RequestReceived stage omitted, so
// a request appears once (a watch twice: ResponseStarted and ResponseComplete,
// under the same auditID).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface AuditOptions {
  /** Only requests made by these user names are logged; every request when absent or empty. */
  readonly users?: readonly string[];
}

export interface AuditFiles {
  /** kube-apiserver --audit-policy-file */
  readonly policyFile: string;
  /** kube-apiserver --audit-log-path: JSON lines, one audit.k8s.io/v1 Event each. */
  readonly logPath: string;
}

/** The audit.k8s.io/v1 Policy for `options`, as JSON (valid YAML). */
export function auditPolicy(options: AuditOptions): object {
  const users = options.users ?? [];
  const rules: object[] = users.length > 0 ? [{ level: 'Metadata', users: [...users] }, { level: 'None' }] : [{ level: 'Metadata' }];
  return { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', omitStages: ['RequestReceived'], rules };
}

/** Writes the policy into `<dir>/pki/audit-policy.yaml`; the log goes to `<dir>/logs/audit.log`. */
export async function writeAuditPolicy(dir: string, options: AuditOptions): Promise<AuditFiles> {
  const policyFile = path.join(dir, 'pki', 'audit-policy.yaml');
  await writeFile(policyFile, `${JSON.stringify(auditPolicy(options), null, 2)}\n`);
  return { policyFile, logPath: path.join(dir, 'logs', 'audit.log') };
}

/** kube-apiserver flags for the audit files: the log backend, JSON, no rotation. */
export function auditArgs(files: AuditFiles): string[] {
  return [`--audit-policy-file=${files.policyFile}`, `--audit-log-path=${files.logPath}`, '--audit-log-format=json', '--audit-log-maxbackup=0', '--audit-log-maxsize=0'];
}
