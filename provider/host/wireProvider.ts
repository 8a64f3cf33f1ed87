// The provider as the engine sees it: translates the internal inputs between their wire names (`__autonamePrefix`,
// hidden from `pulumi preview --diff`) and the plain names the Model and Version providers work with, on every
// call in and every result out, including the properties carried by a ResourceInitError.

import type * as dynamic from "@pulumi/pulumi/dynamic";
import { engineFailure } from "../fields/validation";
import { fromWire, toWire } from "./records";
import { ResourceInitError } from "./resourceErrors";

type Props = Record<string, unknown>;

/** A result's inputs or outputs in wire names (the engine's types say `any`; absent stays absent). */
const wireOf = (value: unknown): unknown => (value ? toWire(value as Props) : value);

async function translatingInitErrors<T>(call: () => Promise<T>): Promise<T> {
    try {
        return await call();
    } catch (err) {
        if (err instanceof ResourceInitError) {
            throw new ResourceInitError(err.message, err.id, toWire(err.properties), err.reasons);
        }
        throw err;
    }
}

export class WireProvider implements dynamic.ResourceProvider {
    constructor(private readonly inner: dynamic.ResourceProvider) {}

    async configure(req: dynamic.ConfigureRequest): Promise<void> {
        await this.inner.configure?.(req);
    }

    async check(olds: Props, news: Props): Promise<dynamic.CheckResult> {
        const plainNews = fromWire(news);
        const result = (await this.inner.check?.(fromWire(olds), plainNews)) ?? { inputs: news };
        return {
            ...result,
            inputs: wireOf(result.inputs),
            ...(result.failures && { failures: result.failures.map((f) => engineFailure(f, plainNews)) }),
        };
    }

    async diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
        return this.inner.diff?.(id, fromWire(olds), fromWire(news)) ?? { changes: false };
    }

    async create(inputs: Props): Promise<dynamic.CreateResult> {
        const result = await translatingInitErrors(() => this.inner.create(fromWire(inputs)));
        return { ...result, outs: wireOf(result.outs) };
    }

    async read(id: string, props?: Props): Promise<dynamic.ReadResult> {
        const result = (await this.inner.read?.(id, props && fromWire(props))) ?? { id, props };
        return {
            ...result,
            props: wireOf(result.props),
            inputs: wireOf(result.inputs),
        };
    }

    async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
        const result =
            (await translatingInitErrors(() => this.inner.update!(id, fromWire(olds), fromWire(news)))) ?? {};
        return { ...result, outs: wireOf(result.outs) };
    }

    async delete(id: string, props: Props): Promise<void> {
        await this.inner.delete?.(id, fromWire(props));
    }
}
