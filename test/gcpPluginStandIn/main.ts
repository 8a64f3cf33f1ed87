// pulumi-resource-gcp STAND-IN: a test double of the `gcp` resource plugin, for offline runs only. It serves the
// engine's ResourceProvider gRPC protocol for two resource types (gcp:storage/bucketObject:BucketObject,
// gcp:storage/bucket:Bucket) against a Cloud Storage emulator, and nothing else. Users run the real plugin
// (`pulumi plugin install resource gcp v9.37.0`); CI cannot download it. See README.md next to this file.
//
// Written against the SDK's generated gRPC stubs rather than @pulumi/pulumi/provider because that helper ignores
// the provider configuration (ConfigureRequest), and the storage endpoint has to come from it as for the real plugin.

import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { PropertyMap } from "./assets";
import {
    BUCKET,
    BUCKET_OBJECT,
    GcsClient,
    checkBucket,
    checkBucketObject,
    createBucket,
    createBucketObject,
    deleteBucket,
    deleteBucketObject,
    diffBucket,
    diffBucketObject,
    readBucket,
    readBucketObject,
    updateBucket,
    updateBucketObject,
    type DiffResult,
} from "./resources";

/** The version @pulumi/gcp asks the engine for (its package.json "pulumi" section). */
export const STAND_IN_VERSION = "9.37.0";

interface Settings {
    storageUrl?: string;
    project?: string;
}

const settings: Settings = {};

/** `gcp:storageCustomEndpoint` (e.g. http://127.0.0.1:PORT/storage/v1/) → the endpoint's root URL. */
function storageRoot(endpoint: string): string {
    const url = new URL(endpoint);
    if (url.hostname !== "127.0.0.1" && url.hostname !== "localhost" && url.hostname !== "::1") {
        throw new Error(`the gcp stand-in only talks to a local Cloud Storage emulator, not ${url.host}`);
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, "").replace(/\/storage\/v1$/, "")}`;
}

function gcs(): GcsClient {
    if (!settings.storageUrl) {
        throw new Error(
            "the gcp stand-in (a test double of the gcp plugin) needs a Cloud Storage emulator: set " +
                "gcp:storageCustomEndpoint (or GOOGLE_STORAGE_CUSTOM_ENDPOINT) to http://127.0.0.1:PORT/storage/v1/",
        );
    }
    return new GcsClient(settings.storageUrl);
}

const typeOf = (urn: string) => urn.split("::")[2]?.split("$").pop() ?? "";

function unsupported(urn: string): Error {
    return new Error(
        `the gcp stand-in (a test double) implements ${BUCKET_OBJECT} and ${BUCKET} only, not ${typeOf(urn)}`,
    );
}

/** Struct.fromJavaScript refuses undefined: drop unset properties (JSON does exactly that). */
const toStruct = (v: PropertyMap) =>
    structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(v)) as Record<string, structproto.JavaScriptValue>);
const fromStruct = (s: structproto.Struct | undefined): PropertyMap => (s ? s.toJavaScript() : {});

type Callback<T> = (error: grpc.ServiceError | Error | null, value?: T) => void;
type Call<R> = { request: R };

/** Runs an async handler, answering with its result or its error's message. */
function handle<R, T>(fn: (req: R) => Promise<T>) {
    return (call: Call<R>, callback: Callback<T>): void => {
        fn(call.request).then(
            (value) => callback(null, value),
            (e: unknown) =>
                callback({
                    code: grpc.status.UNKNOWN,
                    details: (e as Error).message,
                    message: (e as Error).message,
                } as grpc.ServiceError),
        );
    };
}

const KIND = provproto.PropertyDiff.Kind;

function diffResponse(result: DiffResult): provproto.DiffResponse {
    const resp = new provproto.DiffResponse();
    resp.setChanges(
        result.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE,
    );
    resp.setReplacesList(result.replaces);
    resp.setDeletebeforereplace(result.deleteBeforeReplace === true);
    resp.setDiffsList(Object.keys(result.detailed));
    resp.setHasdetaileddiff(true);
    const map = resp.getDetaileddiffMap();
    for (const [key, kind] of Object.entries(result.detailed)) {
        const replace = result.replaces.includes(key);
        const d = new provproto.PropertyDiff();
        d.setKind(
            kind === "ADD"
                ? replace
                    ? KIND.ADD_REPLACE
                    : KIND.ADD
                : kind === "DELETE"
                  ? replace
                      ? KIND.DELETE_REPLACE
                      : KIND.DELETE
                  : replace
                    ? KIND.UPDATE_REPLACE
                    : KIND.UPDATE,
        );
        // detectMd5hash is shown as the real plugin shows it: the md5 in the state => "different hash".
        d.setInputdiff(key !== "detectMd5hash");
        map.set(key, d);
    }
    return resp;
}

const service: grpc.UntypedServiceImplementation = {
    getPluginInfo: handle(async () => new plugproto.PluginInfo().setVersion(STAND_IN_VERSION)),
    getSchema: handle(async () =>
        new provproto.GetSchemaResponse().setSchema(JSON.stringify({ name: "gcp", version: STAND_IN_VERSION })),
    ),
    configure: handle(async (req: provproto.ConfigureRequest) => {
        const args = fromStruct(req.getArgs());
        const vars = req.getVariablesMap();
        const variable = (key: string) => vars.get(`gcp:config:${key}`) ?? vars.get(`gcp:${key}`);
        const endpoint =
            (args.storageCustomEndpoint as string | undefined) ??
            variable("storageCustomEndpoint") ??
            process.env.GOOGLE_STORAGE_CUSTOM_ENDPOINT;
        if (endpoint) settings.storageUrl = storageRoot(endpoint);
        settings.project = (args.project as string | undefined) ?? variable("project") ?? process.env.GOOGLE_PROJECT;
        // No secrets, resources or preview support: the engine then strips secrets on the way in, marks the
        // matching outputs secret on the way out, and computes previews itself.
        return new provproto.ConfigureResponse().setAcceptsecrets(false).setSupportspreview(false);
    }),
    check: handle(async (req: provproto.CheckRequest) => {
        const urn = req.getUrn();
        const news = fromStruct(req.getNews());
        const olds = fromStruct(req.getOlds());
        const type = typeOf(urn);
        const result =
            type === BUCKET_OBJECT
                ? checkBucketObject(news)
                : type === BUCKET
                  ? checkBucket(urn, olds, news, settings.project, req.getRandomseed_asB64())
                  : undefined;
        if (!result) throw unsupported(urn);
        const resp = new provproto.CheckResponse().setInputs(toStruct(result.inputs));
        resp.setFailuresList(
            result.failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)),
        );
        return resp;
    }),
    diff: handle(async (req: provproto.DiffRequest) => {
        const urn = req.getUrn();
        const olds = fromStruct(req.getOlds());
        const oldInputs = req.getOldInputs() ? fromStruct(req.getOldInputs()) : olds;
        const news = fromStruct(req.getNews());
        const type = typeOf(urn);
        if (type === BUCKET_OBJECT) return diffResponse(diffBucketObject(olds, oldInputs, news));
        if (type === BUCKET) return diffResponse(diffBucket(oldInputs, news));
        throw unsupported(urn);
    }),
    create: handle(async (req: provproto.CreateRequest) => {
        const urn = req.getUrn();
        const inputs = fromStruct(req.getProperties());
        const type = typeOf(urn);
        const created =
            type === BUCKET_OBJECT
                ? await createBucketObject(gcs(), inputs)
                : type === BUCKET
                  ? await createBucket(gcs(), inputs)
                  : undefined;
        if (!created) throw unsupported(urn);
        return new provproto.CreateResponse().setId(created.id).setProperties(toStruct(created.outs));
    }),
    read: handle(async (req: provproto.ReadRequest) => {
        const urn = req.getUrn();
        const props = fromStruct(req.getProperties());
        const inputs = req.getInputs() ? fromStruct(req.getInputs()) : props;
        // The state's outputs name the object (bucket, name); the inputs are what the program declared.
        const type = typeOf(urn);
        const current =
            type === BUCKET_OBJECT
                ? await readBucketObject(
                      gcs(),
                      { ...inputs, bucket: props.bucket, name: props.name },
                      props.detectMd5hash as string | undefined,
                  )
                : type === BUCKET
                  ? await readBucket(gcs(), { ...inputs, name: props.name })
                  : undefined;
        if (type !== BUCKET_OBJECT && type !== BUCKET) throw unsupported(urn);
        const resp = new provproto.ReadResponse();
        if (!current) return resp; // gone: an empty id tells the engine so
        return resp.setId(req.getId()).setProperties(toStruct(current)).setInputs(toStruct(inputs));
    }),
    update: handle(async (req: provproto.UpdateRequest) => {
        const urn = req.getUrn();
        const news = fromStruct(req.getNews());
        const olds = fromStruct(req.getOlds());
        const type = typeOf(urn);
        const outs =
            type === BUCKET_OBJECT
                ? await updateBucketObject(gcs(), olds, news)
                : type === BUCKET
                  ? await updateBucket(gcs(), news)
                  : undefined;
        if (!outs) throw unsupported(urn);
        return new provproto.UpdateResponse().setProperties(toStruct(outs));
    }),
    delete: handle(async (req: provproto.DeleteRequest) => {
        const urn = req.getUrn();
        const props = fromStruct(req.getProperties());
        const type = typeOf(urn);
        if (type === BUCKET_OBJECT) await deleteBucketObject(gcs(), props);
        else if (type === BUCKET) await deleteBucket(gcs(), props);
        else throw unsupported(urn);
        return new emptyproto.Empty();
    }),
    cancel: handle(async () => new emptyproto.Empty()),
    attach: handle(async () => new emptyproto.Empty()),
};

function main(): void {
    const server = new grpc.Server();
    server.addService(provrpc.ResourceProviderService, service);
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
        if (err) {
            console.error(`pulumi-resource-gcp stand-in: cannot listen: ${err.message}`);
            process.exit(1);
        }
        // The engine reads the port from the first line of stdout.
        process.stdout.write(`${port}\n`);
    });
}

main();
