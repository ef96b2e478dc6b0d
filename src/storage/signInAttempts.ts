// The console's sign-in attempts per client address in Table Storage: a partition per address (its
// SHA-256) with one slot row per attempt it may make in the window (see slotWindow.ts), so the
// limit holds across instances and for attempts that arrive all at once. A successful sign-in gives
// its slot back: only failed attempts count.

import type { TableClient } from '@azure/data-tables';
import { sha256Hex } from '../services/accessTokens';
import type { SignInAdmission, SignInAttempts } from '../services/consoleSessions';
import { SlotWindow } from './slotWindow';

export class TableSignInAttempts implements SignInAttempts {
  private readonly slots: SlotWindow;

  constructor(table: TableClient, options: { attempts: number; windowMs: number }) {
    this.slots = new SlotWindow(table, { size: options.attempts, windowMs: options.windowMs });
  }

  async attempt(client: string, at: Date): Promise<SignInAdmission> {
    const partition = sha256Hex(`sign-in\n${client}`);
    const taken = await this.slots.takeFree(partition, '', at);
    if (!('slot' in taken)) return { allowed: false, retryAfterSeconds: taken.retryAfterSeconds };
    return { allowed: true, succeeded: () => this.slots.release(partition, taken.slot) };
  }
}
