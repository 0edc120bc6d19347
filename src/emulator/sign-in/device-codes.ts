import { randomBytes, randomInt } from 'node:crypto';

export interface PendingDeviceCode {
  clientId: string;
  scope: string;
  issuedAtMs: number;
  expiresAtMs: number;
  redeemed: boolean;
}

export type DeviceCodeState = 'unknown' | 'pending' | 'approved' | 'expired' | 'redeemed';

/** Device codes handed out, approved automatically `approvalDelayMs` after they are issued. */
export class DeviceCodes {
  private readonly codes = new Map<string, PendingDeviceCode>();

  constructor(
    private readonly approvalDelayMs: number,
    private readonly nowMs: () => number,
  ) {}

  issue(clientId: string, scope: string, expiresInSeconds: number): { deviceCode: string; userCode: string } {
    const deviceCode = randomBytes(32).toString('base64url');
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    const userCode = Array.from({ length: 9 }, () => alphabet[randomInt(alphabet.length)]).join('');
    const issuedAtMs = this.nowMs();
    this.codes.set(deviceCode, { clientId, scope, issuedAtMs, expiresAtMs: issuedAtMs + expiresInSeconds * 1000, redeemed: false });
    return { deviceCode, userCode };
  }

  lookup(deviceCode: string): { state: DeviceCodeState; code?: PendingDeviceCode } {
    const code = this.codes.get(deviceCode);
    if (!code) return { state: 'unknown' };
    const now = this.nowMs();
    if (code.redeemed) return { state: 'redeemed', code };
    if (now >= code.expiresAtMs) return { state: 'expired', code };
    if (now < code.issuedAtMs + this.approvalDelayMs) return { state: 'pending', code };
    return { state: 'approved', code };
  }

  redeem(deviceCode: string): void {
    const code = this.codes.get(deviceCode);
    if (code) code.redeemed = true;
  }
}
