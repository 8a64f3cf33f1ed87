// predict: routed by traffic, answers derived from the instance and the deployment (reference §2.6).

import {
    checkPredictRequest,
    MAX_PREDICT_BYTES,
    predict,
    predictionFor,
    type ServingDeployment,
} from "../../../emulator/vertex/predict";
import { refusal } from "../../helpers/vertexRefusal";

const E = "projects/1/locations/us-central1/endpoints/e";
const A: ServingDeployment = {
    deployedModelId: "1",
    model: "projects/1/locations/us-central1/models/m",
    modelVersionId: "1",
    modelDisplayName: "m",
};
const B: ServingDeployment = { ...A, deployedModelId: "2", modelVersionId: "2" };

test("the answer names the deployment that served it, as Google's PredictResponse does", () => {
    expect(predict(E, { "1": 10, "2": 90 }, [A, B], [[1, 2]], 0.5)).toEqual({
        predictions: [predictionFor(B, [1, 2])],
        deployedModelId: "2",
        model: A.model,
        modelDisplayName: "m",
        modelVersionId: "2",
    });
});

test.each<[string, unknown, unknown]>([["the same instance on the same version", [1, 2], [1, 2]]])(
    "predictions are deterministic: %s",
    (_name, x, y) => {
        expect(predictionFor(A, x as number[])).toBe(predictionFor(A, y as number[]));
        expect(predictionFor(A, [1, 2])).not.toBe(predictionFor(B, [1, 2]));
        expect(predictionFor(A, [1, 2])).not.toBe(predictionFor(A, [2, 1]));
        const p = predictionFor(A, { x: 1 });
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThan(1);
    },
);

test.each<[string, Record<string, number>, readonly ServingDeployment[], string, string]>([
    ["an endpoint without traffic", {}, [A], "FAILED_PRECONDITION", `Endpoint ${E} doesn't have traffic_split.`],
    [
        "a deployment made to fail",
        { "1": 100 },
        [{ ...A, failure: "model server crashed" }],
        "INTERNAL",
        "Prediction failed on deployed model 1",
    ],
])("refuses %s", (_name, split, deployments, status, message) => {
    expect(refusal(() => predict(E, split, deployments, [1], 0.1))).toMatchObject({
        status,
        message: expect.stringContaining(message),
    });
});

test.each<[unknown, number, string | undefined]>([
    [{ instances: [[1]] }, 20, undefined],
    [{ instances: [[1]] }, MAX_PREDICT_BYTES, undefined],
    [{ instances: [[1]] }, MAX_PREDICT_BYTES + 1, "Request payload size exceeds the limit: 1572864 bytes."],
    [{ instances: [] }, 20, "instances is required"],
    [{}, 20, "instances is required"],
    [{ instances: Array.from({ length: 1001 }, () => 1) }, 3000, "1001 instances were sent"],
])("request %#", (body, bytes, error) => {
    if (error === undefined) expect(checkPredictRequest(body as never, bytes)).toHaveLength(1);
    else expect(refusal(() => checkPredictRequest(body as never, bytes)).message).toContain(error);
});
