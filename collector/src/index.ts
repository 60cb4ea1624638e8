// The collector's building blocks, for benchmarks, tests and other tools. The CLI is cli.ts.
export type { Source, GpuSource, GpuInventory } from './sources/source.js';
export {
  createDriverSource,
  driverBackoffMs,
  toInventory,
  type DriverSourceOptions,
  type GpuReader,
} from './sources/driver-source.js';
export {
  createNvidiaSmiSource,
  type NvidiaSmiSourceOptions,
} from './sources/nvidia-smi/nvidia-smi-source.js';
export { startQueryLoop, type QueryLoop, type Refresh } from './sources/nvidia-smi/query-loop.js';
export { locateNvidiaSmi } from './sources/nvidia-smi/locate-nvidia-smi.js';
export { NvmlError, type Nvml, type NvmlDevice } from './sources/nvml/nvml.js';
export { loadNvml, NVML_LIBRARY, type NvmlLoad } from './sources/nvml/koffi-nvml.js';
export { createNvmlSource, type NvmlSourceOptions } from './sources/nvml/nvml-source.js';
export { parseHelpQueryGpu } from './sources/nvidia-smi/help-query-gpu.js';
export { planQuery, THROTTLE_REASONS, type QueryPlan } from './sources/nvidia-smi/query-plan.js';
export {
  isAbsent,
  parseCsvRows,
  parseGpuRow,
  parseQueryOutput,
  type ParsedGpu,
} from './sources/nvidia-smi/parse-query-output.js';
export {
  createJournalXidReader,
  normalizeBusId,
  summarizeXidErrors,
  type XidReader,
  type XidSummary,
} from './sources/nvidia-smi/xid-log.js';
export { createHostSource, type HostSourceOptions } from './sources/host/host-source.js';
export { readNetworkCounters, type NetworkCounters } from './sources/host/network-counters.js';
export {
  apiIsUp,
  createServicesSource,
  dockerIsUp,
  type ServicesSourceOptions,
} from './sources/services/services-source.js';
export {
  createSimulatedGpus,
  createSimulatedSource,
  type SimulatedSourceOptions,
} from './sources/simulated/simulated-source.js';
export * as gpuModel from './sources/simulated/gpu-model.js';
export {
  DiskLog,
  type DiskLogOptions,
  type DiskLogStats,
  type LogBatch,
  type LogPosition,
} from './buffer/disk-log.js';
export {
  createInfluxWriter,
  MAX_BATCH_BYTES,
  MAX_BATCH_LINES,
  type InfluxWriterOptions,
  type LineWriter,
} from './shipping/influx-writer.js';
export { Shipper, type DrainResult, type ShipperOptions } from './shipping/shipper.js';
export {
  backoffMs,
  classifyWriteFailure,
  WriteRefusedError,
  type WriteFailure,
} from './shipping/write-errors.js';
export { createSampler, type Sampler, type SamplerOptions } from './agent/sampler.js';
export { startAgentLoop, type AgentLoopOptions } from './agent/agent-loop.js';
export { encodeLines } from './telemetry/encode-lines.js';
export {
  addAgentHealth,
  floatValue,
  gpuPoint,
  hostPoint,
  intValue,
  servicePoint,
  setField,
  setTag,
  GPU_FLOAT_FIELDS,
  GPU_INT_FIELDS,
  type AgentHealth,
  type GpuReading,
  type HostReading,
  type TelemetryPoint,
} from './telemetry/points.js';
export {
  readConfig,
  writeConfig,
  ConfigError,
  type CollectorConfig,
} from './config/config-file.js';
export { resolveBufferDir, resolveConfigPath } from './config/config-paths.js';
export { createLogger, type Logger } from './lib/logger.js';
export { runCommand, type CommandRunner, type CommandResult } from './lib/run-command.js';
export { main } from './commands/main.js';
