// The pair speaks Google's protocols: `gcloud ai-platform versions create --origin DIR --staging-bucket gs://B`
// uploads the local model through the Cloud Storage JSON API (fake-gcs-server) and creates the version on the ml
// emulator, which checks the uploaded files as Google does. Without gcloud: skipped with a warning, or a failure with
// CI set (test/helpers/gcloud.ts).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { startFakeGcs, type FakeGcs } from "../helpers/fakeGcs";
import { describeWithGcloud, gcloudEnv, runGcloud, type GcloudResult } from "../helpers/gcloud";

jest.setTimeout(180_000);

describeWithGcloud("the gcloud --origin/--staging-bucket test")(
    "gcloud versions create --origin against both emulators",
    () => {
        let gcs: FakeGcs;
        let emu: EmulatorHandle;
        let workDir: string;
        let env: NodeJS.ProcessEnv;

        beforeAll(async () => {
            gcs = await startFakeGcs();
            await gcs.createBucket("staging");
            emu = await startEmulator({ storageUrl: gcs.url });
            workDir = mkdtempSync(join(tmpdir(), "gcloud-origin-"));
            env = gcloudEnv(workDir, "demo-project", {
                CLOUDSDK_API_ENDPOINT_OVERRIDES_ML: `${emu.url}/`,
                // gcloud's Cloud Storage client (the JSON API) goes to fake-gcs-server.
                CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE: `${gcs.url}/storage/v1/`,
            });
        });
        afterAll(async () => {
            await emu?.stop();
            await gcs?.stop();
            rmSync(workDir, { recursive: true, force: true });
        });

        function gcloud(args: string[]): Promise<GcloudResult> {
            return runGcloud(env, ["ai-platform", ...args], 120_000);
        }

        const create = (version: string, origin: string) =>
            gcloud([
                "versions",
                "create",
                version,
                "--model=origin",
                "--region=global",
                `--origin=${origin}`,
                "--staging-bucket=gs://staging",
                "--runtime-version=2.11",
                "--python-version=3.7",
                "--framework=scikit-learn",
            ]);

        test("the shipped scikit-learn model: staged in the bucket, then a READY version from it", async () => {
            expect((await gcloud(["models", "create", "origin", "--region=global"])).code).toBe(0);
            const origin = resolve(__dirname, "..", "..", "examples", "artifacts", "model");
            const r = await create("v1", origin);
            expect(r.stderr).toContain("Creating version");
            expect(r.code).toBe(0);
            const staged = await gcs.listObjects("staging");
            expect(staged).toEqual([expect.stringMatching(/^[0-9a-f]{64}\/model\.joblib$/)]);
            const d = await gcloud([
                "versions",
                "describe",
                "v1",
                "--model=origin",
                "--region=global",
                "--format=json",
            ]);
            expect(JSON.parse(d.stdout)).toMatchObject({
                state: "READY",
                deploymentUri: `gs://staging/${staged[0].split("/")[0]}/`,
            });
        });

        test("a directory without a model file: gcloud reports the emulator's Google-style failure", async () => {
            const bad = join(workDir, "bad");
            mkdirSync(bad);
            writeFileSync(join(bad, "model.jolib"), "not a model");
            const r = await create("v2", bad);
            expect(r.code).not.toBe(0);
            expect(r.stderr).toMatch(
                /ERROR: \(gcloud\.ai-platform\.versions\.create\) Create Version failed\. Bad model detected with error: "Failed to load model: Could not find a model file under gs:\/\/staging\/[0-9a-f]{64}\/; SCIKIT_LEARN expects one of model\.joblib, model\.pkl \(found: model\.jolib\) \(Error code: 0\)"/,
            );
        });
    },
);
