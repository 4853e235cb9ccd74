// A CA and a serving certificate for 127.0.0.1, made with openssl (node:crypto
// parses X.509 but cannot issue it), for loopback HTTPS servers that the
// kube-apiserver calls, such as the Istio validating webhook. The
// kube-apiserver checks the serving certificate against the CA given in the
// webhook's caBundle, and the address against its IP SAN.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ServingCertificate {
  /** PEM of the CA that signed certFile: what a client trusts (caBundle). */
  readonly caPem: string;
  readonly certFile: string;
  readonly keyFile: string;
}

const DAYS = '30';
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/**
 * Writes `<name>-ca.crt`, `<name>.crt` and `<name>.key` into `pkiDir`: a
 * fresh self-signed CA (P-256, 30 days) and a leaf for IP 127.0.0.1 with
 * serverAuth, signed by it. Throws when openssl is missing or fails (a bug
 * of the machine, not an expected outcome).
 */
export async function writeServingCertificate(pkiDir: string, name: string): Promise<ServingCertificate> {
  const file = (suffix: string): string => path.join(pkiDir, `${name}${suffix}`);
  const [caCert, caKey, certFile, keyFile, csr, extensions] = ['-ca.crt', '-ca.key', '.crt', '.key', '.csr', '.ext'].map(file) as [
    string, string, string, string, string, string,
  ];
  await run('openssl', [
    'req', '-x509', ...EC_KEY, '-keyout', caKey, '-out', caCert, '-days', DAYS,
    '-subj', `/CN=songbird-world ${name} CA`,
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await run('openssl', ['req', '-new', ...EC_KEY, '-keyout', keyFile, '-out', csr, '-subj', '/CN=127.0.0.1']);
  await writeFile(
    extensions,
    ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', 'subjectAltName=IP:127.0.0.1', ''].join('\n'),
  );
  await run('openssl', [
    'x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial',
    '-out', certFile, '-days', DAYS, '-sha256', '-extfile', extensions,
  ]);
  return { caPem: await readFile(caCert, 'utf8'), certFile, keyFile };
}
