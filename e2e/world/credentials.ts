// The world's secrets, generated fresh for each world:
// - an RSA key pair that signs and verifies service account tokens;
// - static bearer tokens (kube-apiserver --token-auth-file) for the admin
//   (group system:masters) and for the controller manager and scheduler,
//   which RBAC's bootstrap roles know by user name.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface WorldUser {
  readonly name: string;
  readonly token: string;
}

export interface Credentials {
  readonly serviceAccountKeyFile: string;
  readonly serviceAccountPublicKeyFile: string;
  readonly tokenAuthFile: string;
  readonly admin: WorldUser;
  readonly controllerManager: WorldUser;
  readonly scheduler: WorldUser;
}

export async function writeCredentials(pkiDir: string): Promise<Credentials> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const serviceAccountKeyFile = path.join(pkiDir, 'service-account.key');
  const serviceAccountPublicKeyFile = path.join(pkiDir, 'service-account.pub');
  await writeFile(serviceAccountKeyFile, privateKey, { mode: 0o600 });
  await writeFile(serviceAccountPublicKeyFile, publicKey);

  const admin = { name: 'songbird-admin', token: newToken() };
  const controllerManager = { name: 'system:kube-controller-manager', token: newToken() };
  const scheduler = { name: 'system:kube-scheduler', token: newToken() };
  // token,user,uid,"group1,group2"
  const tokenAuthFile = path.join(pkiDir, 'tokens.csv');
  await writeFile(
    tokenAuthFile,
    [
      `${admin.token},${admin.name},uid-admin,"system:masters"`,
      `${controllerManager.token},${controllerManager.name},uid-kube-controller-manager`,
      `${scheduler.token},${scheduler.name},uid-kube-scheduler`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return { serviceAccountKeyFile, serviceAccountPublicKeyFile, tokenAuthFile, admin, controllerManager, scheduler };
}

function newToken(): string {
  return randomBytes(24).toString('hex');
}
