// Field schemas shared by the Model and Version tables (names, labels, project, endpoint) and the control fields
// both resources have.

import { z } from "zod";
import { control, type InputsOf, internal } from "./fieldTable";
import { LABEL_KEY_PATTERN, LABEL_VALUE_PATTERN, MAX_LABELS, PROJECT_ID_PATTERN, RESOURCE_NAME_PATTERN } from "./names";

/** A value as it appears in a message. */
export const show = (value: unknown): string => JSON.stringify(value);

const namePatternText = "must start with a letter and contain only letters, digits and underscores (at most 128)";

export const resourceName = (what: string) =>
    z.string().regex(RESOURCE_NAME_PATTERN, {
        error: (issue) => `${what} name ${show(issue.input)} ${namePatternText}; e.g. "my_${what}_v1"`,
    });

/** A labels map whose keys and values match the given patterns (at most `maxLength` characters, as they say). */
export const labelsSchemaOf = (keyPattern: RegExp, valuePattern: RegExp, maxLength: number) =>
    z.record(z.string(), z.string({ error: "label values must be strings" })).superRefine((labels, ctx) => {
        const keys = Object.keys(labels);
        if (keys.length > MAX_LABELS) {
            ctx.addIssue({ code: "custom", message: `at most ${MAX_LABELS} labels are allowed, found ${keys.length}` });
        }
        for (const key of keys) {
            if (!keyPattern.test(key)) {
                ctx.addIssue({
                    code: "custom",
                    path: [key],
                    message: `label key ${show(key)} must start with a lowercase or caseless letter (e.g. "team", "日本") and use only lowercase letters, digits, "_" or "-" (at most ${maxLength})`,
                });
            } else if (!valuePattern.test(labels[key])) {
                ctx.addIssue({
                    code: "custom",
                    path: [key],
                    message: `label value ${show(labels[key])} must use only lowercase letters, digits, "_" or "-" (at most ${maxLength})`,
                });
            }
        }
    });

/** ml v1 labels: keys and values of at most 63 characters. */
export const labelsSchema = labelsSchemaOf(LABEL_KEY_PATTERN, LABEL_VALUE_PATTERN, 63);

export const projectSchema = z.string().regex(PROJECT_ID_PATTERN, {
    error: (issue) =>
        `project ${show(issue.input)} is not a valid project id: 6-30 lowercase letters, digits or "-" starting with a letter (e.g. "my-project"), optionally domain-scoped ("example.com:my-project"), or a project number`,
});

/** The fields both resources end with: they steer the provider and are never sent to the API. */
export const controlFields = {
    /** Take over an existing resource of the same name instead of failing with ALREADY_EXISTS. */
    adopt: control(z.boolean().optional()),
    /** Overall deadline for each long-running operation, in seconds. */
    operationTimeoutSeconds: control(
        z.number().positive({ error: "operationTimeoutSeconds must be positive" }).optional(),
    ),
    /**
     * Set by the resource class: the Pulumi logical name, used for autonaming. Kept in the checked inputs of an
     * autonamed resource only (create draws the name from it), never in outputs, never compared: a new logical name
     * is a new resource to Pulumi (a new URN).
     */
    autonamePrefix: { ...internal(z.string().optional()), change: { kind: "control" as const, ignored: true } },
    /** Set by `check`: true when `name` was generated rather than given; absent otherwise. */
    autonamed: internal(z.boolean().optional()),
    /** Set by the resource class from the `customTimeouts` resource option: seconds per step. */
    customTimeouts: internal(
        z
            .object({
                create: z.number().positive().optional(),
                update: z.number().positive().optional(),
                delete: z.number().positive().optional(),
            })
            .optional(),
    ),
};

/** Inputs common to every resource that steer the provider rather than the API. */
export type ControlInputs = InputsOf<typeof controlFields>;
