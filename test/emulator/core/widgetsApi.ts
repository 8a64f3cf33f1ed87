// A tiny API module for tests of the core's API-module contract (emulator/core/README.md): widgets under
// /v1/projects/P/locations/L/widgets, created by a long-running operation, with operations get / wait, a quota per
// project and location, out-of-band deletes, and its own record kind. Paths have Vertex's shape on purpose: they
// prove that such an API, served beside ml, changes none of ml's answers. Not an emulation of any Google API.

import { later, type ApiModule, type Route } from "../../../emulator/core/api";
import { ApiError, fieldError } from "../../../emulator/core/errors";
import { OPERATIONS, type OperationRecord } from "../../../emulator/core/operations";
import {
    findOperation,
    parseWaitTimeout,
    renderOperationEnvelope,
    withoutUndefined,
} from "../../../emulator/core/operationsApi";
import { OutOfBandNotFound } from "../../../emulator/core/outOfBand";
import { byName, recordKind } from "../../../emulator/core/store";
import { newEtag } from "../../../emulator/core/etag";
import { decodeMessage, str, type MessageSchema } from "../../../emulator/core/proto3json";

export interface WidgetRecord {
    /** projects/P/locations/L/widgets/W */
    name: string;
    state: "CREATING" | "READY";
    color: string;
    etag: string;
}

export const WIDGETS = recordKind<WidgetRecord>("testWidgets");

const WIDGET_SCHEMA: MessageSchema = {
    typeName: "type.googleapis.com/test.widgets.v1.Widget",
    fields: [{ name: "color", type: str }],
};

const SEG = "([^/]+)";
const ID = "([^/:]+)";
const WIDGET_ACTION = "testCreateWidget";

const isWidgetOperation = (op: OperationRecord) => op.action.type === WIDGET_ACTION;

function widgetOperation(name: string): () => ApiError {
    return () => fieldError("NOT_FOUND", "name", `The operation "${name}" was not found.`);
}

function renderWidgetOperation(op: OperationRecord): unknown {
    return renderOperationEnvelope(
        op,
        withoutUndefined({ "@type": "type.googleapis.com/test.widgets.v1.CreateWidgetMetadata", widget: op.widget }),
    );
}

function operationName([project, location, widget, id]: string[]): string {
    return `projects/${project}/locations/${location}/widgets/${widget}/operations/${id}`;
}

const ROUTES: readonly Route[] = [
    {
        method: "POST",
        pattern: new RegExp(`^/v1/projects/${SEG}/locations/${SEG}/widgets$`),
        rpc: "test.widgets.v1.WidgetService.CreateWidget",
        queryParams: ["widgetId"],
        startsOperation: true,
        handle(ctx, [project, location]) {
            const body = decodeMessage(WIDGET_SCHEMA, ctx.body ?? {}, "widget") as { color?: string };
            const id = ctx.query.get("widgetId") ?? "w";
            const name = `projects/${project}/locations/${location}/widgets/${id}`;
            if (ctx.ns.of(WIDGETS).has(name)) throw new ApiError("ALREADY_EXISTS", `Widget ${name} already exists.`);
            ctx.ns.of(WIDGETS).set(name, { name, state: "CREATING", color: body.color ?? "", etag: newEtag() });
            const op = ctx.engine.start({
                namespace: ctx.namespace,
                project: project,
                name: `${name}/operations/${ctx.ns.of(OPERATIONS).size + 1}`,
                type: "CREATE_WIDGET",
                duration: "createWidget",
                action: { type: WIDGET_ACTION, widget: name },
                fields: { widget: name },
                fault: ctx.takeOperationFault(),
            });
            return renderWidgetOperation(op);
        },
    },
    {
        method: "GET",
        pattern: new RegExp(`^/v1/projects/${SEG}/locations/${SEG}/widgets/${ID}$`),
        rpc: "test.widgets.v1.WidgetService.GetWidget",
        queryParams: [],
        startsOperation: false,
        handle(ctx, [project, location, id]) {
            const name = `projects/${project}/locations/${location}/widgets/${id}`;
            const widget = ctx.ns.of(WIDGETS).get(name);
            if (!widget) throw new ApiError("NOT_FOUND", `Widget ${name} not found.`);
            return widget;
        },
    },
    {
        method: "GET",
        pattern: new RegExp(`^/v1/projects/${SEG}/locations/${SEG}/widgets/${SEG}/operations/${ID}$`),
        rpc: "google.longrunning.Operations.GetOperation",
        queryParams: [],
        startsOperation: false,
        handle(ctx, params) {
            const name = operationName(params);
            return renderWidgetOperation(findOperation(ctx, name, isWidgetOperation, widgetOperation(name)));
        },
    },
    {
        method: "POST",
        pattern: new RegExp(`^/v1/projects/${SEG}/locations/${SEG}/widgets/${SEG}/operations/${ID}:wait$`),
        rpc: "google.longrunning.Operations.WaitOperation",
        queryParams: ["timeout"],
        startsOperation: false,
        handle(ctx, params) {
            const name = operationName(params);
            const op = findOperation(ctx, name, isWidgetOperation, widgetOperation(name));
            const timeout = parseWaitTimeout(ctx.query.get("timeout")) ?? Infinity;
            // The latest operation when the wait ends, whatever ended it (done, timeout, deleted meanwhile).
            return later(
                ctx.engine.wait(op, timeout).then((latest) => {
                    if (!latest) throw widgetOperation(name)();
                    return renderWidgetOperation(latest);
                }),
            );
        },
    },
];

export const WIDGETS_API: ApiModule = {
    id: "widgets",
    service: "widgets.test.example",
    claim(path) {
        const m = /^\/v1\/projects\/[^/]+\/locations\/([^/]+)(?:\/|$)/.exec(path);
        return m ? { namespace: `widgets:${m[1]}`, path } : undefined;
    },
    routes: ROUTES,
    recordKinds: [WIDGETS],
    operationActions: {
        [WIDGET_ACTION]: (ns, op, outcome) => {
            const widget = ns.of(WIDGETS).get(op.action.widget as string);
            if (!widget) return { error: { code: 5, message: "The widget was deleted." } };
            if (outcome.kind !== "success") {
                ns.of(WIDGETS).delete(widget.name);
                return { error: outcome.kind === "failed" ? outcome.error : { code: 1, message: "Cancelled." } };
            }
            widget.state = "READY";
            widget.etag = newEtag();
            ns.changed(widget);
            return { response: { "@type": "type.googleapis.com/test.widgets.v1.Widget", ...widget } };
        },
    },
    renderOperation: (op) => renderWidgetOperation(op),
    durations: { createWidget: 0 },
    quotaMetrics: [
        {
            limits: {
                widgetRequestsPerWindow: {
                    default: 600,
                    min: 0,
                    flag: "quota-widget-requests-per-window",
                    help: "widget requests per project and location per window",
                },
                widgetWindowMs: {
                    default: 60_000,
                    min: 1,
                    flag: "quota-widget-window-ms",
                    help: "length of the widget request window",
                },
            },
            admit(q) {
                const limit = q.limits.widgetRequestsPerWindow;
                if (limit === 0) return;
                // Per project *and* location, as Vertex counts: the route's second parameter is the location.
                const bucket = `widgets/${q.project}/${q.params[1] ?? ""}`;
                if (q.windows.admit(bucket, limit, q.limits.widgetWindowMs, q.now).admitted) return;
                throw new ApiError("RESOURCE_EXHAUSTED", `Quota exceeded for widget requests in ${bucket}.`);
            },
        },
    ],
    snapshot(ns, namespace): Record<string, unknown[]> {
        return namespace.startsWith("widgets:") ? { widgets: [...ns.of(WIDGETS).values()].sort(byName) } : {};
    },
    outOfBand: {
        owns: (name) => /^projects\/[^/]+\/locations\/[^/]+\/widgets\/[^/]+$/.test(name),
        patch(store, name, fields, namespace) {
            const widget = store
                .ns(namespace ?? "")
                .of(WIDGETS)
                .get(name);
            if (!widget) throw new OutOfBandNotFound(`widget not found: ${name}`);
            if (typeof fields.color === "string") widget.color = fields.color;
            widget.etag = newEtag();
            store.ns(namespace ?? "").changed(widget);
        },
        delete(store, name, namespace) {
            if (
                !store
                    .ns(namespace ?? "")
                    .of(WIDGETS)
                    .delete(name)
            )
                throw new OutOfBandNotFound(`widget not found: ${name}`);
        },
    },
    statusFaultMessages: { 429: "Widget quota exceeded." },
};
