// Model version aliases (reference §3.1, §3.2; PROTO-M, PROTO-MS; model-alias docs): aliases are unique
// within a model, so assigning one moves it; the first version gets `default`, and exactly one version
// always holds it. Pure functions over a version -> aliases map.

import { checkAliases } from "./ids";
import { vertexInvalidField, vertexPrecondition } from "./errors";

export const DEFAULT_ALIAS = "default";

/** versionId -> aliases, in the order the aliases were given. */
export type AliasTable = Readonly<Record<string, readonly string[]>>;

function without(table: AliasTable, aliases: readonly string[]): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [version, held] of Object.entries(table)) out[version] = held.filter((a) => !aliases.includes(a));
    return out;
}

/**
 * Aliases after uploading `versionId` with the requested aliases: the first version always gets `default`
 * (appended unless listed); later versions take it only when they list it. Requested aliases move from
 * other versions (BEHAVIOUR.md: Google's answer to an upload reusing an alias is unconfirmed).
 */
export function aliasesAfterUpload(table: AliasTable, versionId: string, requested: readonly string[]): AliasTable {
    checkAliases("model.version_aliases", requested, false);
    const first = Object.keys(table).length === 0;
    const own = first && !requested.includes(DEFAULT_ALIAS) ? [DEFAULT_ALIAS, ...requested] : [...requested];
    const out = without(table, own);
    out[versionId] = own;
    return out;
}

/**
 * mergeVersionAliases on `versionId` (PROTO-MS MergeVersionAliasesRequest): "alias" adds (moving it from
 * another version), "-alias" removes; adding and removing the same alias cancel out. `default` cannot be
 * removed from its holder without moving it (FAILED_PRECONDITION, unconfirmed: BEHAVIOUR.md).
 */
export function aliasesAfterMerge(
    table: AliasTable,
    versionId: string,
    requested: readonly string[],
    modelName: string,
): AliasTable {
    if (requested.length === 0) {
        throw vertexInvalidField("version_aliases", "version_aliases must list at least one alias to add or remove.");
    }
    checkAliases("version_aliases", requested, true);
    const adds = requested.filter((a) => !a.startsWith("-"));
    const removes = requested
        .filter((a) => a.startsWith("-"))
        .map((a) => a.slice(1))
        .filter((a) => !adds.includes(a));
    const effectiveAdds = adds.filter((a) => !requested.includes(`-${a}`));
    if (removes.includes(DEFAULT_ALIAS) && (table[versionId] ?? []).includes(DEFAULT_ALIAS)) {
        throw vertexPrecondition(
            `Cannot remove alias "${DEFAULT_ALIAS}" from ${modelName}@${versionId}: one version must hold it. ` +
                `Add "${DEFAULT_ALIAS}" to another version instead, which moves it.`,
        );
    }
    const out = without(table, effectiveAdds);
    const held = (out[versionId] ?? []).filter((a) => !removes.includes(a));
    out[versionId] = [...held, ...effectiveAdds.filter((a) => !held.includes(a))];
    return out;
}

/**
 * Aliases after deleting `versionId`: its aliases go, and `default` moves to the newest remaining version
 * (model-alias docs). `versionOrder` lists the remaining versions oldest first.
 */
export function aliasesAfterDelete(table: AliasTable, versionId: string, versionOrder: readonly string[]): AliasTable {
    const out: Record<string, string[]> = {};
    for (const [version, held] of Object.entries(table)) if (version !== versionId) out[version] = [...held];
    const holder = Object.entries(out).find(([, held]) => held.includes(DEFAULT_ALIAS));
    const newest = versionOrder.filter((v) => v !== versionId).at(-1);
    if (!holder && newest !== undefined) out[newest] = [DEFAULT_ALIAS, ...(out[newest] ?? [])];
    return out;
}

/** The version an `@alias` or `@versionId` suffix names; no suffix means the `default` version. */
export function resolveVersion(table: AliasTable, suffix: string | undefined): string | undefined {
    if (suffix === undefined || suffix === "") return holderOf(table, DEFAULT_ALIAS);
    if (/^[0-9]+$/.test(suffix)) return suffix in table ? suffix : undefined;
    return holderOf(table, suffix);
}

function holderOf(table: AliasTable, alias: string): string | undefined {
    return Object.entries(table).find(([, held]) => held.includes(alias))?.[0];
}
