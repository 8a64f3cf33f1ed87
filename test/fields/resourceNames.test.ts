// URL building is the second lock behind check: whatever a name holds, a request cannot leave its path.

import { endpointBaseUrl } from "../../provider/host/ml/mlEndpoints";
import {
    modelUrlPath,
    operationUrlPath,
    projectOfPath,
    urlSegment,
    versionUrlPath,
} from "../../provider/fields/ml/resourceNames";

const INJECTIONS = [
    "..",
    ".",
    "",
    "%2e%2e",
    "%2E%2E",
    ".%2e",
    "%2F",
    "a/b",
    "../x",
    "a?b=1",
    "a#frag",
    "a b",
    "a\tb",
    "a\nb",
    "a\u0000b",
    "a\\b",
    "日本",
    "x".repeat(300),
];

describe("every segment is encoded, or refused when it is . / .. / empty", () => {
    const base = "http://127.0.0.1:9";
    const refs = (value: string) => ({
        project: { project: value, model: "m", version: "v" },
        model: { project: "p", model: value, version: "v" },
        version: { project: "p", model: "m", version: value },
    });

    test.each(
        INJECTIONS.flatMap((value) =>
            (["project", "model", "version"] as const).map((segment): [typeof segment, string] => [segment, value]),
        ),
    )("%s %j", (segment, value) => {
        const ref = refs(value)[segment];
        if (value === "" || value === "." || value === "..") {
            expect(() => versionUrlPath(ref)).toThrow(/refusing to build a request URL/);
            return;
        }
        // What a server sees: the path keeps its shape and each segment decodes back to the name.
        const url = new URL(`${base}/${versionUrlPath(ref)}`);
        expect(url.search).toBe("");
        expect(url.hash).toBe("");
        const parts = url.pathname.split("/").slice(1);
        expect(parts).toHaveLength(7);
        expect(parts.map(decodeURIComponent)).toEqual([
            "v1",
            "projects",
            ref.project,
            "models",
            ref.model,
            "versions",
            ref.version,
        ]);
    });

    test("domain-scoped project ids keep their colon", () => {
        expect(modelUrlPath({ project: "example.com:proj", model: "m" })).toBe("v1/projects/example.com:proj/models/m");
        expect(urlSegment("project", "example.com:proj")).toBe("example.com:proj");
    });

    test.each([
        "projects/p/operations/../../x",
        "projects/p/operations/a/b",
        "operations/x",
        "projects/../operations/x",
    ])("operation name %j from the server is refused", (name) => {
        expect(() => operationUrlPath(name)).toThrow(/refusing/);
    });

    test("a well-formed operation name passes", () => {
        expect(operationUrlPath("projects/p/operations/create_m_v-1")).toBe("v1/projects/p/operations/create_m_v-1");
    });

    test.each(["..", "us-central1/../x", "evil.com#", "us-central1.evil.com", ""])(
        "regional endpoint %j is refused when building a URL",
        (endpoint) => {
            expect(() => endpointBaseUrl({}, endpoint)).toThrow(/refusing to build a request URL/);
        },
    );
});

describe("projectOfPath: the project whose quota a request or an operation spends", () => {
    test.each([
        ["v1/projects/p1/models", "p1"],
        ["v1/projects/p1/models/m/versions/v", "p1"],
        ["projects/p1/operations/create_m_v-1", "p1"],
        ["v1/projects/example.com%3Ap1/models", "example.com:p1"],
        ["v1/projects/bad%E0%A4/models", "bad%E0%A4"],
        ["v1/projects", undefined],
        ["v1/operations/x", undefined],
        ["", undefined],
    ])("%p -> %p", (path, project) => {
        expect(projectOfPath(path)).toBe(project);
    });
});
