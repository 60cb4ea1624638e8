import { z } from '@hono/zod-openapi';

const nullableNumber = (description: string) => z.number().nullable().openapi({ description });

const share = (reason: string) =>
  z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .openapi({ description: `Share of the window ${reason} held the clocks back, 0–1` });

export const XidSchema = z
  .object({
    xid: z.number().int(),
    name: z.string().openapi({ example: 'GPU has fallen off the bus' }),
    meaning: z.string(),
    action: z.string().openapi({ description: 'What the supplier should do' }),
    severity: z.enum(['restart_app', 'reset_gpu', 'check_hardware', 'contact_support', 'watch']),
    source: z.string().openapi({ description: "NVIDIA's page the explanation follows" }),
  })
  .openapi('Xid');

export const GpuHealthSchema = z
  .object({
    index: z.number().int(),
    uuid: z.string().nullable(),
    model: z.string().nullable(),
    sampledAt: z.string().openapi({ description: 'The newest sample the values below are from' }),
    temperatureC: nullableNumber('Core temperature'),
    thermalHeadroomC: nullableNumber('Degrees left before the GPU slows itself down (T.Limit)'),
    memoryTemperatureC: nullableNumber('HBM/memory temperature'),
    pstate: nullableNumber('Performance state: 0 (P0, most) to 15'),
    pcie: z.object({
      gen: z.number().nullable(),
      genMax: z.number().nullable(),
      width: z.number().nullable(),
      widthMax: z.number().nullable(),
      belowMax: z.boolean().nullable().openapi({
        description:
          'The link runs narrower than it can, or slower while the GPU works (an idle GPU lowers its link speed to save power)',
      }),
    }),
    throttled: z.object({
      powerCap: share('the power cap'),
      thermal: share('thermal slowdown (software and hardware)'),
      hardware: share('hardware slowdown or an external power brake'),
    }),
    remappedRowsUncorrectable: nullableNumber('Memory rows remapped for uncorrectable errors'),
    xid: z.object({
      sinceBoot: nullableNumber('Xid errors since the machine booted'),
      latest: z.array(XidSchema).openapi({
        description: 'The newest Xid first, then the others the GPU reported in the window',
      }),
    }),
  })
  .openapi('GpuHealth');

export const DeviceHealthSchema = z.object({
  from: z.string(),
  to: z.string(),
  gpus: z.array(GpuHealthSchema),
});
