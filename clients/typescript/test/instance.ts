import { CxmputeClient } from "../src/index.js";

/** The running instance the tests use: CXMPUTE_TEST_URL and CXMPUTE_TEST_API_KEY (scripts/test-typescript.sh starts one). */
export const baseUrl = required("CXMPUTE_TEST_URL");
export const apiKey = required("CXMPUTE_TEST_API_KEY");

export function newClient(key: string | undefined = apiKey): CxmputeClient {
  return new CxmputeClient({ baseUrl, ...(key ? { apiKey: key } : {}) });
}

export const ids = {
  user: () => `usr_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`,
  provider: () => `prov_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`,
  award: () => `aw-${crypto.randomUUID()}`,
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through scripts/test-typescript.sh, which starts an instance.`);
  return value;
}
