/**
 * The Xid errors NVIDIA documents as needing action, in words a supplier can act on. Each
 * entry names what happened, what to do, and where NVIDIA says so: the Xid catalog for Ampere
 * and newer GPUs (its "resolution bucket" is the action) and the Xid error reference.
 */
export type XidAction =
  /** The job's process was hit; the GPU is fine. */
  | 'restart_app'
  /** The GPU must be reset (or the machine rebooted) before it is trusted again. */
  | 'reset_gpu'
  /** Look at the machine: power, seating, cooling, cabling. */
  | 'check_hardware'
  /** It keeps happening: the card needs NVIDIA's or the vendor's support (RMA). */
  | 'contact_support'
  /** Nothing now; watch whether it repeats. */
  | 'watch';

export type XidInfo = {
  xid: number;
  /** What NVIDIA calls it. */
  name: string;
  /** What it means, plainly. */
  meaning: string;
  /** What the supplier should do. */
  action: string;
  severity: XidAction;
  source: string;
};

const CATALOG = 'https://docs.nvidia.com/deploy/xid-errors/analyzing-xid-catalog.html';
const REFERENCE = 'https://docs.nvidia.com/deploy/xid-errors/index.html';

const ENTRIES: XidInfo[] = [
  {
    xid: 13,
    name: 'Graphics Engine Exception',
    meaning: 'A program on the GPU faulted, usually a bug in the job itself.',
    action: 'Nothing if it is rare: the job restarts. If every job hits it, update the driver.',
    severity: 'restart_app',
    source: CATALOG,
  },
  {
    xid: 31,
    name: 'GPU memory page fault',
    meaning: 'A program on the GPU read or wrote memory it does not own.',
    action: 'Usually the job’s fault: it restarts. If it repeats across jobs, reset the GPU.',
    severity: 'restart_app',
    source: CATALOG,
  },
  {
    xid: 43,
    name: 'GPU stopped processing',
    meaning: 'A job’s process was stopped after a fault; the GPU itself is fine.',
    action: 'Nothing: the job restarts on its own.',
    severity: 'restart_app',
    source: CATALOG,
  },
  {
    xid: 45,
    name: 'Preemptive cleanup, due to previous errors',
    meaning: 'The driver ended a job’s work because of an earlier error.',
    action: 'Look at the Xid logged just before it: that is the one to act on.',
    severity: 'watch',
    source: REFERENCE,
  },
  {
    xid: 48,
    name: 'Double Bit ECC Error',
    meaning: 'The GPU’s memory had an error it could not correct.',
    action: 'Reset the GPU (or reboot) so the bad memory is retired. If it repeats, RMA the card.',
    severity: 'reset_gpu',
    source: CATALOG,
  },
  {
    xid: 61,
    name: 'Internal micro-controller breakpoint/warning',
    meaning: 'The GPU’s internal controller hit an unexpected state.',
    action: 'Reset the GPU or reboot, and update the driver. If it repeats, contact support.',
    severity: 'reset_gpu',
    source: CATALOG,
  },
  {
    xid: 62,
    name: 'Internal micro-controller halt',
    meaning: 'The GPU’s internal controller stopped.',
    action: 'Reset the GPU or reboot. If it repeats, check cooling and contact support.',
    severity: 'reset_gpu',
    source: CATALOG,
  },
  {
    xid: 63,
    name: 'ECC page retirement or row remapping recording event',
    meaning: 'The GPU marked a piece of memory as bad and stopped using it.',
    action: 'Reset the GPU at a quiet moment to apply it. Watch the count of remapped rows.',
    severity: 'watch',
    source: CATALOG,
  },
  {
    xid: 64,
    name: 'ECC page retirement or row remapper recording failure',
    meaning: 'The GPU could not record a piece of bad memory.',
    action: 'Reset the GPU. If it repeats, the card needs an RMA.',
    severity: 'contact_support',
    source: CATALOG,
  },
  {
    xid: 74,
    name: 'NVLink Error',
    meaning: 'A link between GPUs (NVLink) failed.',
    action:
      'Check the NVLink bridges or cabling, then reset the GPUs. If it stays, contact support.',
    severity: 'check_hardware',
    source: CATALOG,
  },
  {
    xid: 79,
    name: 'GPU has fallen off the bus',
    meaning: 'The machine lost contact with the GPU over PCIe.',
    action:
      'Reboot. Check the power supply and cables, the card’s seating and its temperature. If it repeats, RMA.',
    severity: 'check_hardware',
    source: CATALOG,
  },
  {
    xid: 92,
    name: 'High single-bit ECC error rate',
    meaning: 'The GPU’s memory corrects errors unusually often.',
    action: 'Watch it: if it keeps rising, plan to replace the card.',
    severity: 'watch',
    source: REFERENCE,
  },
  {
    xid: 94,
    name: 'Contained ECC error',
    meaning: 'An uncorrectable memory error hit one job, which was stopped; the others go on.',
    action: 'Nothing now: the job restarts. Reset the GPU when it is idle to retire the memory.',
    severity: 'restart_app',
    source: CATALOG,
  },
  {
    xid: 95,
    name: 'Uncontained ECC error',
    meaning: 'An uncorrectable memory error that can affect every job on the GPU.',
    action: 'Reset the GPU now (or reboot). If it repeats, RMA the card.',
    severity: 'reset_gpu',
    source: CATALOG,
  },
  {
    xid: 119,
    name: 'GSP RPC timeout',
    meaning: 'The GPU’s system processor (GSP) stopped answering the driver.',
    action: 'Reset the GPU or reboot, and update the driver. If it repeats, contact support.',
    severity: 'reset_gpu',
    source: CATALOG,
  },
  {
    xid: 120,
    name: 'GSP error',
    meaning: 'The GPU’s system processor (GSP) reported an error.',
    action: 'Reset the GPU or reboot, and update the driver. If it repeats, contact support.',
    severity: 'reset_gpu',
    source: CATALOG,
  },
];

export const XID_CATALOG: ReadonlyMap<number, XidInfo> = new Map(
  ENTRIES.map((entry) => [entry.xid, entry]),
);

/** What an Xid means and what to do; a generic answer for one NVIDIA does not list as acted on. */
export function explainXid(xid: number): XidInfo {
  return (
    XID_CATALOG.get(xid) ?? {
      xid,
      name: `Xid ${xid}`,
      meaning: 'The driver reported an error for this GPU.',
      action: 'Look it up in NVIDIA’s Xid catalog; if it repeats, reset the GPU.',
      severity: 'watch',
      source: CATALOG,
    }
  );
}
