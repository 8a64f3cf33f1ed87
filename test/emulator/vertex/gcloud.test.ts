// Conformance: Google's own client, `gcloud ai` (GA track, aiplatform v1), against the emulator's Vertex AI routes.
// gcloud is pointed at the emulator with CLOUDSDK_API_ENDPOINT_OVERRIDES_AIPLATFORM; it prefixes the region only to
// hosts that start with "aiplatform", so every region goes to the same 127.0.0.1 URL and the region comes from the
// path. What gcloud sends and reads was first captured against a logging fake (issue 17; reference §7).
//
// Three scenarios run concurrently, each in its own region so that lists and the request log never mix: endpoints
// (europe-west4), the model registry (asia-east1) and deployments with traffic (us-central1). Every step is one gcloud
// run; each scenario is sequential, and nothing depends on which scenario's request comes first. A gcloud run costs
// one to two seconds of Python start-up, so each step proves something no other step does (36 steps, 12 refusals),
// operations are answered finished (gcloud then never sleeps before polling), and what is only set-up (the models and
// the endpoint of the deployments scenario) goes through plain HTTP. Endpoint deletes take an hour of the emulator's
// clock, which the test moves on once the DELETE is answered, so gcloud polls them through the v1beta1 path it uses
// for operations and finds them done (on a slow machine maybe on its second poll: the assertions allow that).
//
// Without gcloud the suite warns loudly and skips; with CI set it fails instead (test/helpers/gcloud.ts).

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type EmulatorHandle, type RecordedRequest } from "../../../emulator";
import { callApi, type Json } from "../../helpers/emulatorProcess";
import { describeWithGcloud, gcloudEnv, runGcloud, succeeded, type GcloudResult } from "../../helpers/gcloud";

jest.setTimeout(240_000);

const PROJECT = "demo-project";
const NUMBER = "123456789012";
const IMAGE = "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest";
const TYPE = "type.googleapis.com/google.cloud.aiplatform.v1";
const HOUR = 3_600_000;

describeWithGcloud("the gcloud ai (Vertex AI) conformance suite")("gcloud ai against the emulator", () => {
    let emu: EmulatorHandle;
    let workDir: string;
    let env: NodeJS.ProcessEnv;
    /** How far the emulator's clock is ahead of real time (see deleteEndpoint). */
    let skewMs = 0;

    beforeAll(async () => {
        emu = await startEmulator({ port: 0, projectNumber: NUMBER, clock: () => Date.now() + skewMs });
        emu.setDurations({ vertexDeleteEndpoint: HOUR });
        workDir = mkdtempSync(join(tmpdir(), "vertex-gcloud-"));
        env = gcloudEnv(workDir, PROJECT, { CLOUDSDK_API_ENDPOINT_OVERRIDES_AIPLATFORM: `${emu.url}/` });
    });

    afterAll(async () => {
        await emu?.stop();
        rmSync(workDir, { recursive: true, force: true });
    });

    /** One step: what gcloud printed and the requests it sent to this region (in order). */
    interface Step extends GcloudResult {
        sent: RecordedRequest[];
    }

    /** gcloud in one region: `--region` and `--format=json` on every command, the region's slice of the request log. */
    function inRegion(region: string) {
        const mine = (r: RecordedRequest) => r.path.includes(`/locations/${region}/`);
        let steps = 0;

        async function run(args: string[]): Promise<Step> {
            steps += 1;
            const before = emu.requests().filter(mine).length;
            const r = await runGcloud(env, ["ai", ...args, `--region=${region}`, "--format=json"]);
            return { ...r, sent: emu.requests().filter(mine).slice(before) };
        }

        return {
            /** The path prefix gcloud sends (with the project ID). */
            v1: `/v1/projects/${PROJECT}/locations/${region}`,
            /** The names the emulator returns (with the project number). */
            named: `projects/${NUMBER}/locations/${region}`,
            /** The full name gcloud's users type for a model (--parent-model). */
            modelName: (id: string) => `projects/${PROJECT}/locations/${region}/models/${id}`,
            /**
             * `endpoints delete`: once the emulator has answered the DELETE (its operation then runs for an hour), the
             * emulator's clock moves an hour on, so gcloud's poll finds the operation done.
             */
            async deleteEndpoint(id: string): Promise<Step> {
                const path = `/v1/projects/${PROJECT}/locations/${region}/endpoints/${id}`;
                const after = emu.requests().at(-1)?.seq ?? 0;
                const answered = () =>
                    emu.requests().some((r) => r.seq > after && r.method === "DELETE" && r.path === path);
                const deadline = Date.now() + 120_000; // bounds a hang only
                const [step] = await Promise.all([
                    this.ok("endpoints", "delete", id),
                    (async () => {
                        while (!answered()) {
                            if (Date.now() > deadline) throw new Error(`gcloud never deleted ${path}`);
                            await new Promise((resolve) => setTimeout(resolve, 20));
                        }
                        skewMs += HOUR;
                    })(),
                ]);
                return step;
            },
            /** How many gcloud runs this scenario made. */
            steps: () => steps,
            /** A run that must succeed. */
            async ok(...args: string[]): Promise<Step> {
                const r = await run(args);
                succeeded(r, args);
                return r;
            },
            /**
             * A refusal as gcloud prints a Google error: exit 1 and `ERROR: (gcloud.ai.<command>) <STATUS>: <message>`
             * for an HTTP error, `ERROR: (gcloud.ai.<command>) <message>` for a failed operation (status undefined).
             */
            async refused(command: string, status: string | undefined, message: string, ...args: string[]) {
                const r = await run(args);
                expect({ code: r.code, stderr: r.stderr }).toEqual({
                    code: 1,
                    stderr: expect.stringContaining(
                        `ERROR: (gcloud.ai.${command}) ${status === undefined ? "" : `${status}: `}${message}`,
                    ),
                });
                return r;
            },
        };
    }

    const lastId = (name: Json): string => String(name).split("/").pop() as string;
    const calls = (step: Step): string[] => step.sent.map((r) => `${r.method} ${r.path}`);

    test.concurrent("endpoints: create, describe, list, update, delete, and the refusals on the way", async () => {
        const g = inRegion("europe-west4");
        const logging = {
            enabled: true,
            samplingRate: 0.25,
            bigqueryDestination: { outputUri: "bq://demo-project.logs.churn" },
        };

        // create with every field gcloud can set on an endpoint
        const created = await g.ok(
            "endpoints",
            "create",
            "--endpoint-id=churn-ep",
            "--display-name=churn",
            "--description=first",
            "--labels=team=ml",
            "--request-response-logging-table=bq://demo-project.logs.churn",
            "--request-response-logging-rate=0.25",
        );
        expect(created.sent).toHaveLength(1); // answered finished: gcloud does not poll
        expect(created.sent[0]).toMatchObject({
            method: "POST",
            path: `${g.v1}/endpoints`,
            query: { alt: "json", endpointId: "churn-ep" },
            status: 200,
        });
        expect(created.sent[0]?.body).toEqual({
            displayName: "churn",
            description: "first",
            labels: { team: "ml" },
            predictRequestResponseLoggingConfig: logging,
        });
        // gcloud prints the operation's response: the Endpoint, with the Any's @type
        expect(created.json).toMatchObject({
            "@type": `${TYPE}.Endpoint`,
            name: `${g.named}/endpoints/churn-ep`,
            displayName: "churn",
            description: "first",
            labels: { team: "ml" },
            predictRequestResponseLoggingConfig: logging,
        });
        expect(created.stderr).toContain(`Created Vertex AI endpoint: ${g.named}/endpoints/churn-ep.`);

        await g.refused(
            "endpoints.create",
            "ALREADY_EXISTS",
            `Endpoint ${g.named}/endpoints/churn-ep already exists`,
            "endpoints",
            "create",
            "--endpoint-id=churn-ep",
            "--display-name=again",
        );
        await g.refused(
            "endpoints.create",
            "INVALID_ARGUMENT",
            'List of found errors:\t1.Field: endpoint_id; Message: Invalid endpoint_id "Churn_EP"',
            "endpoints",
            "create",
            "--endpoint-id=Churn_EP",
            "--display-name=bad",
        );

        const described = await g.ok("endpoints", "describe", "churn-ep");
        expect(calls(described)).toEqual([`GET ${g.v1}/endpoints/churn-ep`]);
        const { "@type": _type, ...endpoint } = created.json;
        expect(described.json).toEqual(endpoint);

        const listed = await g.ok("endpoints", "list");
        expect(listed.sent[0]?.query).toEqual({ alt: "json", pageSize: "100" });
        expect(listed.json).toEqual([endpoint]);

        // update: gcloud reads the labels and the logging config first, then PATCHes with a snake_case mask in the
        // query; turning logging off sends the config back disabled
        const updated = await g.ok(
            "endpoints",
            "update",
            "churn-ep",
            "--display-name=churn2",
            "--description=second",
            "--update-labels=env=prod",
            "--disable-request-response-logging",
        );
        expect(calls(updated)).toEqual([
            `GET ${g.v1}/endpoints/churn-ep`,
            `GET ${g.v1}/endpoints/churn-ep`,
            `PATCH ${g.v1}/endpoints/churn-ep`,
        ]);
        expect(updated.sent[2]?.query).toEqual({
            alt: "json",
            updateMask: "labels,display_name,description,predict_request_response_logging_config",
        });
        expect(updated.sent[2]?.body).toEqual({
            displayName: "churn2",
            description: "second",
            labels: { team: "ml", env: "prod" },
            predictRequestResponseLoggingConfig: { ...logging, enabled: false },
        });
        expect(updated.json).toMatchObject({
            displayName: "churn2",
            description: "second",
            labels: { team: "ml", env: "prod" },
            predictRequestResponseLoggingConfig: { ...logging, enabled: false },
        });
        expect(updated.stderr).toContain(`Updated Vertex AI endpoint [${g.named}/endpoints/churn-ep].`);

        // a split naming a model that is not deployed here
        await g.refused(
            "endpoints.update",
            "INVALID_ARGUMENT",
            'List of found errors:\t1.Field: endpoint.traffic_split; Message: Traffic split names deployed model "5"',
            "endpoints",
            "update",
            "churn-ep",
            "--traffic-split=5=100",
        );

        const missing = await g.refused(
            "endpoints.describe",
            "NOT_FOUND",
            `Endpoint projects/${PROJECT}/locations/europe-west4/endpoints/nope not found.`,
            "endpoints",
            "describe",
            "nope",
        );
        expect(missing.sent.map((r) => r.status)).toEqual([404]);

        // gcloud polls the delete at its location-level name, through v1beta1, until it is done
        const deleted = await g.deleteEndpoint("churn-ep");
        expect(deleted.json).toEqual({ "@type": "type.googleapis.com/google.protobuf.Empty" });
        const [answer, ...polls] = deleted.sent;
        expect(answer).toMatchObject({ method: "DELETE", path: `${g.v1}/endpoints/churn-ep`, status: 200 });
        expect(polls.length).toBeGreaterThan(0);
        for (const poll of polls) {
            expect(`${poll.method} ${poll.path}`).toMatch(new RegExp(`^GET /v1beta1/${g.named}/operations/[0-9]+$`));
        }
        expect((await g.ok("endpoints", "list")).json).toEqual([]);
        expect(g.steps()).toBe(10);
    });

    test.concurrent("model registry: upload, new versions, aliases, describe, delete-version, operations", async () => {
        const g = inRegion("asia-east1");
        const upload = (...flags: string[]) =>
            g.ok("models", "upload", "--display-name=churn", `--container-image-uri=${IMAGE}`, ...flags);

        const v1 = await upload(
            "--model-id=churn",
            "--artifact-uri=gs://bucket/churn/v1/",
            "--version-aliases=v1",
            "--description=churn model",
            "--version-description=first",
            "--labels=team=ml",
        );
        expect(calls(v1)).toEqual([`POST ${g.v1}/models:upload`]);
        expect(v1.sent[0]?.body).toEqual({
            modelId: "churn",
            model: {
                displayName: "churn",
                description: "churn model",
                versionDescription: "first",
                artifactUri: "gs://bucket/churn/v1/",
                containerSpec: { imageUri: IMAGE },
                versionAliases: ["v1"],
                labels: { team: "ml" },
            },
        });
        // gcloud prints the operation's response
        expect(v1.json).toEqual({
            "@type": `${TYPE}.UploadModelResponse`,
            model: `${g.named}/models/churn`,
            modelVersionId: "1",
        });

        const v2 = await upload(
            `--parent-model=${g.modelName("churn")}`,
            "--artifact-uri=gs://bucket/churn/v2/",
            "--version-aliases=v2,canary",
        );
        expect(v2.sent[0]?.body).toMatchObject({ parentModel: g.modelName("churn") });
        expect(v2.json).toMatchObject({ model: `${g.named}/models/churn`, modelVersionId: "2" });

        await g.refused(
            "models.upload",
            "ALREADY_EXISTS",
            `Model ${g.named}/models/churn already exists`,
            "models",
            "upload",
            "--display-name=churn",
            `--container-image-uri=${IMAGE}`,
            "--model-id=churn",
        );

        const listed = await g.ok("models", "list");
        expect(listed.sent[0]?.query).toEqual({ alt: "json", pageSize: "100" });
        expect(listed.json).toHaveLength(1);
        expect(listed.json[0]).toMatchObject({ name: `${g.named}/models/churn`, versionId: "1" });

        const versions = await g.ok("models", "list-version", "churn");
        expect(calls(versions)).toEqual([`GET ${g.v1}/models/churn:listVersions`]);
        expect(versions.json.map((m: Json) => [m.versionId, m.versionAliases])).toEqual([
            ["1", ["default", "v1"]],
            ["2", ["v2", "canary"]],
        ]);

        // the model without a version is its default version; @alias names one version
        const latest = await g.ok("models", "describe", "churn");
        expect(latest.json).toMatchObject({
            name: `${g.named}/models/churn`,
            versionId: "1",
            displayName: "churn",
            artifactUri: "gs://bucket/churn/v1/",
            supportedDeploymentResourcesTypes: ["DEDICATED_RESOURCES"],
        });
        const byAlias = await g.ok("models", "describe", "churn@canary");
        expect(calls(byAlias)).toEqual([`GET ${g.v1}/models/churn@canary`]);
        expect(byAlias.json).toMatchObject({ versionId: "2", artifactUri: "gs://bucket/churn/v2/" });

        // GA delete-version does not wait: it prints the operation
        const dropped = await g.ok("models", "delete-version", "churn@2");
        expect(calls(dropped)).toEqual([`DELETE ${g.v1}/models/churn@2:deleteVersion`]);
        expect(dropped.json).toMatchObject({
            name: expect.stringMatching(new RegExp(`^${g.named}/(models/churn/)?operations/[0-9]+$`)),
            metadata: { "@type": `${TYPE}.DeleteOperationMetadata` },
            done: true,
        });
        // operations describe takes the bare ID in the location
        const op = await g.ok("operations", "describe", lastId(dropped.json.name));
        expect(calls(op)).toEqual([`GET ${g.v1}/operations/${lastId(dropped.json.name)}`]);
        expect(op.json).toEqual(dropped.json);

        // version 2 is gone: version 1 is the only one left
        await g.refused(
            "models.delete-version",
            "FAILED_PRECONDITION",
            "Version 1 is the only version of Model",
            "models",
            "delete-version",
            "churn@1",
        );

        const gone = await g.ok("models", "delete", "churn");
        expect(calls(gone)).toEqual([`DELETE ${g.v1}/models/churn`]);
        expect(gone.json).toMatchObject({ metadata: { "@type": `${TYPE}.DeleteOperationMetadata` }, done: true });
        expect((await callApi(emu.url, "GET", `${g.v1}/models`)).body).toEqual({});
        expect(g.steps()).toBe(11);
    });

    test.concurrent("deployments: traffic splits, predict, and the refusals that protect serving", async () => {
        const g = inRegion("us-central1");
        // set-up over plain HTTP (the registry scenario runs these through gcloud)
        const http = async (method: string, path: string, body: unknown) => {
            const res = await callApi(emu.url, method, `${g.v1}${path}`, body);
            expect({ status: res.status, done: res.body.done }).toEqual({ status: 200, done: true });
        };
        await http("POST", "/models:upload", {
            modelId: "fraud",
            model: { displayName: "fraud", artifactUri: "gs://bucket/fraud/v1/", containerSpec: { imageUri: IMAGE } },
        });
        await http("POST", "/models:upload", {
            parentModel: g.modelName("fraud"),
            model: { displayName: "fraud", artifactUri: "gs://bucket/fraud/v2/", containerSpec: { imageUri: IMAGE } },
        });
        await http("POST", "/endpoints?endpointId=fraud-ep", { displayName: "fraud" });
        const endpoint = `${g.named}/endpoints/fraud-ep`;

        // deploy: gcloud GETs the model first (supportedDeploymentResourcesTypes), then deploys with dedicated resources
        const blue = await g.ok(
            "endpoints",
            "deploy-model",
            "fraud-ep",
            "--model=fraud",
            "--display-name=blue",
            "--deployed-model-id=1001",
            "--traffic-split=0=100",
            "--machine-type=n1-standard-2",
            "--min-replica-count=1",
            "--max-replica-count=2",
        );
        expect(calls(blue)).toEqual([`GET ${g.v1}/models/fraud`, `POST ${g.v1}/endpoints/fraud-ep:deployModel`]);
        expect(blue.sent[1]?.body).toEqual({
            deployedModel: {
                id: "1001",
                model: g.modelName("fraud"),
                displayName: "blue",
                dedicatedResources: {
                    machineSpec: { machineType: "n1-standard-2" },
                    minReplicaCount: 1,
                    maxReplicaCount: 2,
                    spot: false,
                },
                enableAccessLogging: false,
                disableContainerLogging: false,
            },
            trafficSplit: { "0": 100 },
        });
        // GA deploy-model prints nothing on stdout; the new ID comes from the operation's response
        expect(blue.stderr).toContain("Deployed a model to the endpoint fraud-ep. Id of the deployed model: 1001.");

        await g.refused(
            "endpoints.deploy-model",
            "INVALID_ARGUMENT",
            "List of found errors:\t1.Field: traffic_split; Message: Traffic split must sum to 100, but the given percentages sum to 50.",
            "endpoints",
            "deploy-model",
            "fraud-ep",
            "--model=fraud@2",
            "--display-name=green",
            "--traffic-split=0=50",
        );

        // a canary of version 2 on a GPU machine, gcloud's default min replica count (1)
        const green = await g.ok(
            "endpoints",
            "deploy-model",
            "fraud-ep",
            "--model=fraud@2",
            "--display-name=green",
            "--deployed-model-id=1002",
            "--traffic-split=0=10,1001=90",
            "--machine-type=n1-standard-4",
            "--accelerator=type=nvidia-tesla-t4,count=1",
            "--max-replica-count=3",
        );
        expect(calls(green)).toEqual([`GET ${g.v1}/models/fraud@2`, `POST ${g.v1}/endpoints/fraud-ep:deployModel`]);
        expect(green.sent[1]?.body).toMatchObject({
            deployedModel: {
                model: `${g.modelName("fraud")}@2`,
                dedicatedResources: {
                    machineSpec: {
                        machineType: "n1-standard-4",
                        acceleratorType: "NVIDIA_TESLA_T4",
                        acceleratorCount: 1,
                    },
                    minReplicaCount: 1,
                    maxReplicaCount: 3,
                },
            },
            trafficSplit: { "0": 10, "1001": 90 },
        });

        // a deployed model names its model without the version it was deployed as, and the version apart
        const described = await g.ok("endpoints", "describe", "fraud-ep");
        expect(described.json.trafficSplit).toEqual({ "1001": 90, "1002": 10 });
        expect(
            described.json.deployedModels.map((d: Json) => [d.id, d.displayName, d.model, d.modelVersionId]),
        ).toEqual([
            ["1001", "blue", `${g.named}/models/fraud`, "1"],
            ["1002", "green", `${g.named}/models/fraud`, "2"],
        ]);
        expect(described.json.deployedModels[1].dedicatedResources).toMatchObject({
            machineSpec: { machineType: "n1-standard-4", acceleratorType: "NVIDIA_TESLA_T4", acceleratorCount: 1 },
            minReplicaCount: 1,
            maxReplicaCount: 3,
        });

        const request = join(workDir, "instances.json");
        const instances = [
            [1, 2, 3],
            [4, 5, 6],
        ];
        writeFileSync(request, JSON.stringify({ instances }));
        const predicted = await g.ok("endpoints", "predict", "fraud-ep", `--json-request=${request}`);
        expect(calls(predicted)).toEqual([`POST ${g.v1}/endpoints/fraud-ep:predict`]);
        expect(predicted.sent[0]?.body).toEqual({ instances });
        expect(predicted.json).toMatchObject({
            predictions: [expect.any(Number), expect.any(Number)],
            deployedModelId: expect.stringMatching(/^100[12]$/),
            model: `${g.named}/models/fraud`,
        });
        expect(predicted.json.modelVersionId).toBe(predicted.json.deployedModelId === "1001" ? "1" : "2");

        // the refusals that keep a serving endpoint serving
        await g.refused(
            "endpoints.undeploy-model",
            "FAILED_PRECONDITION",
            `Deployed model 1001 has 90% of the traffic of endpoint ${endpoint}`,
            "endpoints",
            "undeploy-model",
            "fraud-ep",
            "--deployed-model-id=1001",
        );
        await g.refused(
            "endpoints.update",
            "INVALID_ARGUMENT",
            "List of found errors:\t1.Field: endpoint.traffic_split; Message: Traffic split must sum to 100, but the given percentages sum to 70.",
            "endpoints",
            "update",
            "fraud-ep",
            "--traffic-split=1001=50,1002=20",
        );
        await g.refused(
            "endpoints.delete",
            "FAILED_PRECONDITION",
            `Endpoint ${endpoint} has deployed models (1001, 1002)`,
            "endpoints",
            "delete",
            "fraud-ep",
        );
        await g.refused(
            "models.delete-version",
            "FAILED_PRECONDITION",
            `The Model "${g.named}/models/fraud@2" is deployed or being deployed at the following Endpoint(s): ${endpoint}.`,
            "models",
            "delete-version",
            "fraud@2",
        );

        // all traffic to green: every prediction comes from version 2
        const shifted = await g.ok("endpoints", "update", "fraud-ep", "--traffic-split=1001=0,1002=100");
        expect(calls(shifted)).toEqual([`PATCH ${g.v1}/endpoints/fraud-ep`]);
        expect(shifted.sent[0]).toMatchObject({
            query: { updateMask: "traffic_split" },
            body: { trafficSplit: { "1001": 0, "1002": 100 } },
        });
        expect(shifted.json.trafficSplit).toEqual({ "1001": 0, "1002": 100 });
        const toGreen = await g.ok("endpoints", "predict", "fraud-ep", `--json-request=${request}`);
        expect(toGreen.json).toMatchObject({ deployedModelId: "1002", modelVersionId: "2" });

        // blue has no traffic now: undeploy it; then green, the last one, empties the split
        const undeployed = await g.ok("endpoints", "undeploy-model", "fraud-ep", "--deployed-model-id=1001");
        expect(undeployed.sent[0]).toMatchObject({
            method: "POST",
            path: `${g.v1}/endpoints/fraud-ep:undeployModel`,
            body: { deployedModelId: "1001" },
        });
        expect(undeployed.json).toEqual([]); // GA undeploy-model returns nothing
        expect(undeployed.sent[0]?.status).toBe(200);
        await g.ok("endpoints", "undeploy-model", "fraud-ep", "--deployed-model-id=1002");
        await g.refused(
            "endpoints.predict",
            "FAILED_PRECONDITION",
            `Endpoint ${endpoint} doesn't have traffic_split.`,
            "endpoints",
            "predict",
            "fraud-ep",
            `--json-request=${request}`,
        );

        // nothing deployed any more: the endpoint goes
        await g.deleteEndpoint("fraud-ep");
        expect((await callApi(emu.url, "GET", `${g.v1}/endpoints`)).body).toEqual({});
        expect(g.steps()).toBe(15);
    });
});
