// The Version provider: projects.models.versions over the v1 API.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { immutableMismatches, planDiff } from "../../plan/diffPlan";
import { validateVersionInputs } from "../../fields/ml/versionRules";
import {
    versionAfterCreateFields,
    versionLiveOutputs,
    versionPatchedAfterCreate,
    versionCreateFields,
    versionFieldRules,
    versionFields,
    versionIdentityFields,
} from "../../fields/ml/versionFields";
import { GLOBAL_ENDPOINT } from "../../fields/ml/machineTypes";
import {
    describeRef,
    parseModelName,
    shortName,
    type VersionRef,
    versionPath,
    versionRefOfId,
} from "../../fields/ml/resourceNames";
import { readBack } from "../../fields/fieldTable";
import type { VersionInputs, VersionOutputs } from "../../fields/ml/types";
import { patchIsReflected } from "../../plan/updateMask";
import { sameValue, withoutUndefined } from "../../fields/values";
import { ApiError, isDeprecationRefusal } from "../apiError";
import {
    checkInputs,
    declaredInputs,
    diffResult,
    keepAutoname,
    nameForCreate,
    missingProjectReason,
    operationTimeoutMs,
    previewAdoption,
} from "../checkRecipe";
import { patchWithRecovery } from "./patch";
import { pick, withoutInternalKeys } from "../records";
import { deprecationRefusalMessage, ResourceInitError } from "../resourceErrors";
import { ConfiguredProvider } from "./configuredProvider";
import { type ApiVersion } from "./mlApi";
import { normalizeEndpoint } from "./mlEndpoints";
import { OperationFailedError, OperationTimeoutError } from "../operations";
import { deleteVersion } from "./versionDeletion";
import { isTransitional, waitForStableVersion } from "./versionStates";

/** The inputs with the fields applied after create (request logging, default) left out. */
const withoutAfterCreateFields = (inputs: VersionInputs): VersionInputs => ({
    ...inputs,
    ...Object.fromEntries(versionAfterCreateFields.map((key) => [key, undefined])),
});

export class VersionProvider
    extends ConfiguredProvider
    implements dynamic.ResourceProvider<VersionInputs, VersionOutputs>
{
    async check(olds: VersionInputs, rawNews: VersionInputs): Promise<dynamic.CheckResult<VersionInputs>> {
        const news = withoutInternalKeys(rawNews);
        // `model` may be given as "projects/P/models/M": split it so diffs compare like with like.
        const parsed = typeof news.model === "string" ? parseModelName(news.model) : { model: news.model };
        const normalized: VersionInputs = {
            ...news,
            // `false` never un-sets a default (only another version's setDefault moves it): the same as unset, and
            // stored as unset, so a refresh (which cannot tell the two apart) reads back exactly what was declared.
            isDefault: news.isDefault === false ? undefined : news.isDefault,
            model: parsed.model,
            project: news.project ?? parsed.project ?? this.settings.project,
            endpoint: normalizeEndpoint(news.endpoint) ?? GLOBAL_ENDPOINT,
        };
        const result = checkInputs(normalized, validateVersionInputs);
        if (result.failures.length > 0) return result;
        const inputs = result.inputs;
        const ref = () => this.ref(inputs);
        const adoption = await previewAdoption(withoutInternalKeys(olds), inputs, describeRef(ref()), async () => {
            const live = await this.mlApi().getVersion(ref());
            return (
                live &&
                immutableMismatches(versionFieldRules, inputs, this.liveInputs(live, inputs), versionIdentityFields)
            );
        });
        return adoption ? { ...result, failures: [adoption] } : result;
    }

    async diff(_id: string, olds: VersionOutputs, news: VersionInputs): Promise<dynamic.DiffResult> {
        return diffResult(versionFieldRules, olds, news);
    }

    async create(rawInputs: VersionInputs): Promise<dynamic.CreateResult<VersionOutputs>> {
        const inputs = nameForCreate(withoutInternalKeys(rawInputs), "version");
        const ref = this.ref(inputs);
        const id = versionPath(ref);
        const timeoutMs = operationTimeoutMs(inputs, this.settings, "create");
        const api = this.mlApi();
        let live: ApiVersion | undefined;
        try {
            // The create and its operation hold one of the project's concurrent-operation slots.
            await api.inOperationSlot(ref, `creation of ${id}`, timeoutMs, async () => {
                const { value: op } = await api.createVersion(
                    ref,
                    withoutUndefined({ ...pick(inputs, versionCreateFields), name: ref.version }),
                );
                await api.wait(op, ref.endpoint, timeoutMs, `creation of ${id}`);
            });
        } catch (err) {
            if (err instanceof ApiError && err.isAlreadyExists && (inputs.adopt || err.attempts > 1)) {
                // Asked to adopt, or our own earlier attempt was applied and its response lost: take it over.
                live = await this.adopt(ref, inputs, timeoutMs);
            } else if (err instanceof ApiError && err.isAlreadyExists) {
                throw new Error(
                    `${describeRef(ref)} already exists. Set \`adopt: true\` to manage the existing version, or choose another name.`,
                );
            } else if (isDeprecationRefusal(err)) {
                throw new Error(deprecationRefusalMessage(describeRef(ref), ref.project, (err as ApiError).apiMessage));
            } else if (err instanceof OperationFailedError) {
                await this.removeFailedVersion(ref, timeoutMs);
                throw new Error(`${describeRef(ref)} could not be created: ${err.message}`);
            } else if (err instanceof OperationTimeoutError) {
                // The version exists and is still CREATING: record it so the next `pulumi up` resumes instead of duplicating.
                throw new ResourceInitError(
                    `${describeRef(ref)}: ${err.message}`,
                    id,
                    this.outputs(withoutAfterCreateFields(inputs), { name: id, state: "CREATING" }),
                );
            } else if (err instanceof ApiError && err.isTransportFailure) {
                // The create may or may not have been applied; if it was, a rerun with the same name reconciles via adoption.
                throw new Error(
                    `${describeRef(ref)}: ${err.message}. Run \`pulumi up\` again: an applied create is detected and adopted.`,
                );
            } else {
                throw err;
            }
        }
        live ??= await api.getVersion(ref);
        if (!live) {
            throw new Error(
                `${describeRef(ref)} was created but cannot be read back; check permissions (ml.versions.get)`,
            );
        }
        try {
            live = await this.reconcilePostCreate(ref, inputs, live, timeoutMs);
        } catch (err) {
            // The version exists; track it with what is actually applied so the next update finishes the job.
            const applied = this.liveInputs(live, inputs, inputs.isDefault === true);
            throw new ResourceInitError(
                `${describeRef(ref)} was created, but ${(err as Error).message}`,
                id,
                this.outputs(applied, live, inputs.isDefault === true),
            );
        }
        return { id, outs: this.outputs(inputs, live) };
    }

    async read(id: string, rawProps?: VersionOutputs): Promise<dynamic.ReadResult<VersionOutputs>> {
        const props = rawProps && withoutInternalKeys(rawProps);
        const ref = this.refFromId(id, props);
        const live = await this.mlApi().getVersion(ref);
        if (!live) {
            return {}; // deleted outside Pulumi: a blank id tells the engine it is gone
        }
        // isDefault is reported where it is declared (a boolean output), and on import (no props yet).
        const reportsDefault = props ? props.isDefault !== undefined : live.isDefault === true;
        const inputs = this.liveInputs(live, props ?? { model: ref.model }, reportsDefault);
        // Returning inputs keeps the diff after a refresh free of spurious changes (ReadResult.inputs, SDK 3.216+).
        return {
            id,
            props: this.outputs(inputs, live, reportsDefault),
            inputs: declaredInputs(inputs) as VersionOutputs,
        };
    }

    async update(
        id: string,
        rawOlds: VersionOutputs,
        rawNews: VersionInputs,
    ): Promise<dynamic.UpdateResult<VersionOutputs>> {
        let olds = withoutInternalKeys(rawOlds);
        const news = keepAutoname(olds, withoutInternalKeys(rawNews));
        const ref = this.refFromId(id, olds);
        const api = this.mlApi();
        const timeoutMs = operationTimeoutMs(news, this.settings, "update");
        let etag = olds.etag;
        if (olds.state !== undefined && olds.state !== "READY") {
            // E.g. a create that timed out: wait until the version settles before patching it.
            const settled = await waitForStableVersion(api, ref, timeoutMs);
            if (!settled) {
                throw new Error(
                    `${describeRef(ref)} no longer exists; run \`pulumi refresh\` then \`pulumi up\` to recreate it`,
                );
            }
            if (settled.state === "FAILED") {
                throw new Error(
                    `${describeRef(ref)} is FAILED (${settled.errorMessage ?? "no message"}); change its deploymentUri or name to replace it`,
                );
            }
            const reportsDefault = olds.isDefault !== undefined;
            olds = this.outputs(this.liveInputs(settled, olds, reportsDefault), settled, reportsDefault);
            etag = settled.etag;
        }
        const plan = planDiff(versionFieldRules, olds, news);
        if (plan.updateMask.length > 0) {
            await this.patch(ref, plan.updateMask, news, etag, timeoutMs);
        }
        let live = await api.getVersion(ref);
        if (news.isDefault && live && !live.isDefault) {
            live = await api.setDefaultVersion(ref);
        }
        if (!live) {
            throw new Error(
                `${describeRef(ref)} disappeared during the update; run \`pulumi refresh\` then \`pulumi up\``,
            );
        }
        return { outs: this.outputs(news, live) };
    }

    async delete(id: string, props: VersionOutputs): Promise<void> {
        await deleteVersion(
            this.mlApi(),
            this.refFromId(id, props),
            operationTimeoutMs(props, this.settings, "delete"),
        );
    }

    // ---- helpers ----

    private ref(inputs: VersionInputs): VersionRef {
        if (!inputs.project) {
            throw new Error(
                `${describeRef({ model: inputs.model, version: inputs.name ?? "", project: "" })}: ${missingProjectReason}`,
            );
        }
        return {
            project: inputs.project,
            endpoint: inputs.endpoint,
            model: inputs.model,
            version: inputs.name as string,
        };
    }

    private refFromId(id: string, props?: Partial<VersionOutputs>): VersionRef {
        return versionRefOfId(id, props?.endpoint);
    }

    /** PATCH with the etag we hold; on a stale etag re-read and re-apply our masked fields (never lose the update). */
    private async patch(
        ref: VersionRef,
        mask: string[],
        news: VersionInputs,
        etag: string | undefined,
        timeoutMs: number,
    ): Promise<void> {
        const api = this.mlApi();
        await patchWithRecovery(
            versionFieldRules,
            mask,
            news,
            etag,
            (request) => api.patchVersion(ref, request.updateMask, request.body, timeoutMs),
            async (refusal, request) => {
                if (!(refusal.isEtagMismatch || refusal.isFailedPrecondition)) {
                    throw refusal;
                }
                // Only a stale etag or a busy version (UPDATING: our own PATCH whose response was lost and was
                // retried, or someone else's change) is worth another look; any other precondition (e.g.
                // manualScaling.nodes on MLS1) would be refused again.
                const current = await api.getVersion(ref);
                if (!current) {
                    throw refusal;
                }
                if (!refusal.isEtagMismatch && !isTransitional(current.state)) {
                    // The busy spell can end before we look (on a loaded machine, our own lost PATCH finishing):
                    // then the update is either already there, or the refusal said "busy" and a retry will do.
                    if (patchIsReflected(request, current)) {
                        return { applied: true };
                    }
                    if (/in state (CREATING|UPDATING|DELETING)/.test(refusal.apiMessage)) {
                        return { retryWithEtag: current.etag };
                    }
                    throw refusal;
                }
                const settled = await waitForStableVersion(api, ref, timeoutMs, current);
                if (!settled) {
                    throw refusal;
                }
                return patchIsReflected(request, settled) ? { applied: true } : { retryWithEtag: settled.etag };
            },
            4,
        );
    }

    /** Steps the API cannot do in create: request logging (ignored on create) and becoming the default. */
    private async reconcilePostCreate(
        ref: VersionRef,
        inputs: VersionInputs,
        live: ApiVersion,
        timeoutMs: number,
    ): Promise<ApiVersion> {
        const api = this.mlApi();
        if (live.state === "FAILED") {
            await this.removeFailedVersion(ref, timeoutMs);
            throw new Error(`${describeRef(ref)} failed: ${live.errorMessage ?? "no message"}`);
        }
        const unapplied = versionPatchedAfterCreate.filter(
            (key) => inputs[key] !== undefined && !sameValue(inputs[key], live[key]),
        );
        if (unapplied.length > 0) {
            await this.patch(ref, unapplied, inputs, live.etag, timeoutMs);
            live = (await api.getVersion(ref)) ?? live;
        }
        if (inputs.isDefault && !live.isDefault) {
            live = await api.setDefaultVersion(ref);
        }
        return live;
    }

    /** A FAILED version blocks its name forever; delete it so a fixed program can succeed (nothing half-made stays). */
    private async removeFailedVersion(ref: VersionRef, timeoutMs: number): Promise<void> {
        try {
            await deleteVersion(this.mlApi(), ref, timeoutMs);
        } catch (err) {
            console.error(`warning: could not delete failed ${versionPath(ref)}: ${(err as Error).message}`);
        }
    }

    /** Takes over an existing version after checking its immutable fields, then applies the patchable ones. */
    private async adopt(ref: VersionRef, inputs: VersionInputs, timeoutMs: number): Promise<ApiVersion> {
        const live = await waitForStableVersion(this.mlApi(), ref, timeoutMs);
        if (!live) {
            throw new Error(`${describeRef(ref)} was reported to exist but is gone; run \`pulumi up\` again`);
        }
        const observed = this.liveInputs(live, inputs);
        const mismatches = immutableMismatches(versionFieldRules, inputs, observed, versionIdentityFields);
        if (mismatches.length > 0) {
            throw new Error(
                `${describeRef(ref)} exists with different immutable fields, so it cannot be adopted: ${mismatches.join("; ")}. ` +
                    "Change the declaration to match, or choose another name.",
            );
        }
        if (live.state === "FAILED") {
            throw new Error(
                `${describeRef(ref)} exists but is FAILED (${live.errorMessage ?? "no message"}); delete it or choose another name`,
            );
        }
        // Request logging and the default are applied after adoption, as after a create.
        const plan = planDiff(versionFieldRules, observed, withoutAfterCreateFields(inputs));
        if (plan.updateMask.length > 0) {
            await this.patch(ref, plan.updateMask, inputs, live.etag, timeoutMs);
            return (await this.mlApi().getVersion(ref)) ?? live;
        }
        return live;
    }

    /**
     * The live version seen as inputs (the table's read-back: server defaults the user left unset stay unset);
     * isDefault only where it is reported (see outputs).
     */
    private liveInputs(
        live: ApiVersion,
        previous: VersionInputs,
        reportsDefault = previous.isDefault === true,
    ): VersionInputs {
        return withoutUndefined({
            ...readBack(versionFields, live, previous),
            name: shortName(live.name),
            isDefault: reportsDefault ? (live.isDefault ?? false) : undefined,
        });
    }

    /**
     * `isDefault` is reported only on a version that declares `isDefault: true`: there it is the live truth (true once
     * setDefault is done; false if the default moved elsewhere, which the next up repairs). Elsewhere it is absent:
     * which undeclared sibling the API made default first depends on which create finished first, and no other
     * resource's output could be corrected when the declared one takes over. So at most one version claims to be the
     * default, and it is the real one.
     */
    private outputs(
        inputs: VersionInputs,
        live: ApiVersion,
        reportsDefault = inputs.isDefault === true,
    ): VersionOutputs {
        return withoutUndefined({
            ...inputs,
            autonamePrefix: undefined, // create's input only (state holds every output twice per resource)
            fullName: live.name.includes("/") ? live.name : versionPath({ ...this.ref(inputs), version: live.name }),
            ...pick(live, versionLiveOutputs),
            isDefault: reportsDefault ? (live.isDefault ?? false) : undefined,
        });
    }
}
