import { cpus, loadavg, platform, release, totalmem } from "node:os";

/** Where the benchmarks ran; printed with every result, since absolute numbers mean nothing without it. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  date: string;
  /** 1-minute load average (for a run: at its start and its end), since the machine may be shared. */
  load: string;
}

/** Describes this machine and runtime. */
export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    date: new Date().toISOString(),
    load: loadavg()[0]!.toFixed(2),
  };
}
