// The list filter of endpoints and models (PROTO-EPS, PROTO-MS): terms joined by AND, each
// `display_name` / `displayName` `=` / `!=` value, `endpoint` / `model` (the ID) `=` / `!=`, `labels.k=v`,
// `labels.k:*`, `labels:k`. Anything else is refused rather than ignored (BEHAVIOUR.md).

import { vertexInvalidField } from "./errors";

export interface Filterable {
    id: string;
    displayName: string;
    labels: Readonly<Record<string, string>>;
}

const TERM = /^(NOT\s+)?([A-Za-z_.][A-Za-z0-9_.-]*)\s*(!=|=|:)\s*(?:"([^"]*)"|(\S*))$/;

export function listFilter(filter: string, idField: "endpoint" | "model"): (r: Filterable) => boolean {
    const text = filter.trim();
    if (text === "") return () => true;
    const terms = text.split(/\s+AND\s+/).map((term) => {
        const m = TERM.exec(term.trim());
        if (!m) throw vertexInvalidField("filter", `Unsupported filter term "${term}".`);
        const negate = m[1] !== undefined;
        const field = m[2];
        const op = m[3];
        const value = m[4] ?? m[5] ?? "";
        let test: (r: Filterable) => boolean;
        if ((field === "display_name" || field === "displayName") && op !== ":") test = (r) => r.displayName === value;
        else if (field === idField && op !== ":") test = (r) => r.id === value;
        else if (field.startsWith("labels.") && op === ":" && value === "*") test = (r) => field.slice(7) in r.labels;
        else if (field.startsWith("labels.") && op !== ":") test = (r) => r.labels[field.slice(7)] === value;
        else if (field === "labels" && op === ":") test = (r) => value in r.labels;
        else {
            throw vertexInvalidField(
                "filter",
                `Unsupported filter term "${term}"; supported: display_name, ${idField}, labels.KEY=VALUE, labels.KEY:*, labels:KEY.`,
            );
        }
        return (op === "!=") !== negate ? (r: Filterable) => !test(r) : test;
    });
    return (r) => terms.every((t) => t(r));
}
