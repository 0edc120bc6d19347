/** Where Graph and sign-in live in each Microsoft cloud (`--cloud`). */
export const nationalClouds = {
  global: { graphBaseUrl: 'https://graph.microsoft.com', authorityHost: 'https://login.microsoftonline.com' },
  usgov: { graphBaseUrl: 'https://graph.microsoft.us', authorityHost: 'https://login.microsoftonline.us' },
  usgovdod: { graphBaseUrl: 'https://dod-graph.microsoft.us', authorityHost: 'https://login.microsoftonline.us' },
  china: { graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn', authorityHost: 'https://login.chinacloudapi.cn' },
} as const;

export type CloudName = keyof typeof nationalClouds;

export const cloudNames = Object.keys(nationalClouds) as CloudName[];

/** Sign-in hosts msal-node knows itself (it has their discovery metadata built in); any other host is custom, such as the emulator. */
export const microsoftAuthorityHosts: readonly string[] = [
  'login.microsoftonline.com',
  'login.windows.net',
  'login.microsoft.com',
  'sts.windows.net',
  'login.microsoftonline.us',
  'login.usgovcloudapi.net',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
];
