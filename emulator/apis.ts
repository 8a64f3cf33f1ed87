// The APIs the emulator serves, in the order they claim requests: ml claims whatever no API before it claimed, so it
// comes last. Add an API here (emulator/core/README.md, "Adding an API").

import type { ApiModule } from "./core/api";
import { quotaDefaults, quotasOff } from "./core/quotas";
import { ML_API } from "./ml/module";
import { VERTEX_API } from "./vertex/module";
import type { QuotaLimits } from "./types";

export const ALL_APIS: readonly ApiModule[] = [VERTEX_API, ML_API];

/** `--api` values: one API's id, or "all" (the default). */
export const API_CHOICES: readonly string[] = [...ALL_APIS.map((api) => api.id), "all"];

/** The APIs `--api` / `EmulatorOptions.api` selects; throws naming the choices for an unknown one. */
export function selectApis(choice: string | undefined): readonly ApiModule[] {
    if (choice === undefined || choice === "all") return ALL_APIS;
    const api = ALL_APIS.find((a) => a.id === choice);
    if (!api) throw new Error(`unknown API '${choice}' (choose one of ${API_CHOICES.join(", ")})`);
    return [api];
}

const ALL_METRICS = ALL_APIS.flatMap((api) => api.quotaMetrics);

/**
 * Google's published numbers, the default: ml v1 300 requests per 60000 ms window, 10 concurrent operations, 100
 * models, 200 versions.
 */
export const GOOGLE_QUOTAS: Readonly<QuotaLimits> = quotaDefaults(ALL_METRICS) as unknown as QuotaLimits;

/** Quotas switched off (every limit 0; window 60000 ms), for tests that are not about quotas: `{ quotas: NO_QUOTAS }`. */
export const NO_QUOTAS: Readonly<QuotaLimits> = quotasOff(ALL_METRICS) as unknown as QuotaLimits;
