// Strict decoding of Vertex request bodies from the official schema (gcloud's generated messages).

import { decodeVertex, type VertexMessageName } from "../../../emulator/vertex/schema";
import { refusal } from "../../helpers/vertexRefusal";

describe("accepted bodies", () => {
    test.each<[string, VertexMessageName, unknown, unknown]>([
        [
            "gcloud's deployModel body",
            "DeployModelRequest",
            {
                deployedModel: {
                    dedicatedResources: {
                        machineSpec: { machineType: "n1-standard-2" },
                        maxReplicaCount: 2,
                        minReplicaCount: 1,
                        spot: false,
                    },
                    disableContainerLogging: false,
                    displayName: "dm",
                    enableAccessLogging: false,
                    model: "projects/P/locations/R/models/M",
                },
                trafficSplit: { "0": 100 },
            },
            undefined,
        ],
        [
            "snake_case names become lowerCamel",
            "DeployModelRequest",
            {
                deployed_model: {
                    dedicated_resources: {
                        min_replica_count: "2",
                        machine_spec: { accelerator_type: "NVIDIA_TESLA_T4", accelerator_count: 1 },
                    },
                },
                traffic_split: { "0": "100" },
            },
            {
                deployedModel: {
                    dedicatedResources: {
                        minReplicaCount: 2,
                        machineSpec: { acceleratorType: "NVIDIA_TESLA_T4", acceleratorCount: 1 },
                    },
                },
                trafficSplit: { "0": 100 },
            },
        ],
        [
            "gcloud's upload body",
            "UploadModelRequest",
            {
                model: {
                    containerSpec: {
                        args: ["a"],
                        command: ["c"],
                        env: [{ name: "A", value: "1" }],
                        healthRoute: "/h",
                        imageUri: "img",
                        ports: [{ containerPort: 8080 }],
                        predictRoute: "/p",
                    },
                    displayName: "m1",
                    versionAliases: ["prod"],
                },
                parentModel: "projects/demo/locations/us-central1/models/my-model",
            },
            undefined,
        ],
        [
            "predict instances and parameters are any JSON",
            "PredictRequest",
            { instances: [[1, 2], { a: "b", __proto__x: null }, "s", null], parameters: { k: [true] } },
            undefined,
        ],
        [
            "an endpoint with request logging",
            "Endpoint",
            {
                displayName: "e",
                predictRequestResponseLoggingConfig: {
                    enabled: true,
                    samplingRate: 0.5,
                    bigqueryDestination: { outputUri: "bq://p.d.t" },
                },
            },
            undefined,
        ],
        [
            "mutateDeployedModel with its mask in the body",
            "MutateDeployedModelRequest",
            {
                deployedModel: { id: "1", dedicatedResources: { minReplicaCount: 2 } },
                updateMask: "dedicatedResources.minReplicaCount",
            },
            undefined,
        ],
        ["null means unset", "Endpoint", { displayName: "e", description: null }, { displayName: "e" }],
    ])("%s", (_name, message, body, expected) => {
        expect(decodeVertex(message, body)).toEqual(expected ?? body);
    });
});

describe("refused bodies (400 INVALID_ARGUMENT, Google's transcoding texts)", () => {
    test.each<[string, VertexMessageName, unknown, string, string]>([
        [
            "an unknown top-level field",
            "Endpoint",
            { displayName: "e", foo: 1 },
            "",
            'Invalid JSON payload received. Unknown name "foo": Cannot find field.',
        ],
        [
            "an unknown nested field",
            "DeployModelRequest",
            { deployedModel: { dedicatedResources: { minNodes: 1 } } },
            "deployed_model.dedicated_resources",
            `Unknown name "minNodes" at 'deployed_model.dedicated_resources': Cannot find field.`,
        ],
        [
            "a bad enum name",
            "DeployModelRequest",
            { deployedModel: { dedicatedResources: { machineSpec: { acceleratorType: "nvidia-tesla-t4" } } } },
            "deployed_model.dedicated_resources.machine_spec.accelerator_type",
            "Invalid value at 'deployed_model.dedicated_resources.machine_spec.accelerator_type' (type.googleapis.com/google.cloud.aiplatform.v1.MachineSpec.AcceleratorType), \"nvidia-tesla-t4\"",
        ],
        [
            "an enum number (names only: BEHAVIOUR.md)",
            "DeployModelRequest",
            { deployedModel: { dedicatedResources: { machineSpec: { acceleratorType: 5 } } } },
            "deployed_model.dedicated_resources.machine_spec.accelerator_type",
            "Invalid value at",
        ],
        [
            "a non-integer traffic percentage",
            "DeployModelRequest",
            { trafficSplit: { "0": 50.5 } },
            "traffic_split[0]",
            "(TYPE_INT32), 50.5",
        ],
        [
            "a string where a list belongs",
            "UploadModelRequest",
            { model: { versionAliases: "prod" } },
            "model.version_aliases",
            "Invalid value at 'model.version_aliases'",
        ],
        ["a body that is not an object", "PredictRequest", [1], "", "Invalid value at ''"],
    ])("%s", (_name, message, body, field, text) => {
        const r = refusal(() => decodeVertex(message, body));
        expect(r.status).toBe("INVALID_ARGUMENT");
        expect(r.message).toContain(text);
        if (field !== "") expect(r.field).toBe(field);
    });
});
