export const FAULT_MODES = [
  "timeout",
  "error500",
  "rateLimit",
  "acceptThenTimeout",
  "connectionDisabled",
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface ArmedFault {
  target: string;
  mode: FaultMode;
  /** How many more requests it hits. */
  remaining: number;
}

/**
 * Faults armed by the admin API. One fault per target: arming again replaces it. Each hit
 * consumes one count; at zero the target behaves normally again.
 */
export class FaultRegistry {
  private readonly armed = new Map<string, ArmedFault>();

  arm(target: string, mode: FaultMode, count = 1): ArmedFault {
    const fault = { target, mode, remaining: count };
    this.armed.set(target, fault);
    return { ...fault };
  }

  peek(target: string): ArmedFault | undefined {
    return this.armed.get(target);
  }

  consume(target: string): void {
    const fault = this.armed.get(target);
    if (!fault) return;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.armed.delete(target);
  }

  list(): ArmedFault[] {
    return [...this.armed.values()].map((f) => ({ ...f }));
  }

  clear(): void {
    this.armed.clear();
  }
}
