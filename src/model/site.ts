import { z } from 'zod';
import { Id, sourcedShape } from './fact-meta.js';

export const GRID_REGIONS = [
  'ERCOT',
  'PJM',
  'MISO',
  'SPP',
  'CAISO',
  'NYISO',
  'ISO-NE',
  'Southwest',
  'Northwest',
  'Southeast',
  'other',
] as const;

export const Site = z
  .object({
    id: Id,
    name: z.string(),
    state: z
      .string()
      .regex(/^[A-Z]{2}$/, 'a two-letter US state code')
      .optional(),
    county: z.string().optional(),
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
    grid_region: z.enum(GRID_REGIONS).optional(),
    ...sourcedShape,
  })
  .strict();
export type Site = z.infer<typeof Site>;
