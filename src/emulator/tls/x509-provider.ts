// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

let installed = false;

/** @peculiar/x509 needs a WebCrypto implementation; Node's is the one every certificate here is made with. */
export function useNodeWebCrypto(): typeof x509 {
  if (!installed) {
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    installed = true;
  }
  return x509;
}
