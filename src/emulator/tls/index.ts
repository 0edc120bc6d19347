export { generateEmulatorTls, type EmulatorTls, type EmulatorTlsOptions } from './generate-emulator-tls.js';
export { generateClientCertificate, type ClientCertificate } from './generate-client-certificate.js';
