// Jest loads global setup outside its ESM module graph; tsx loads the TypeScript.
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { default: setup } = await tsImport('./jest-global-setup.ts', import.meta.url);
  await setup();
}
