/**
 * Workflow histories as proto3 JSON files (the format of `temporal workflow show --output json` and
 * the UI download). Same as `historyToJSON`/`historyFromJSON` of `@temporalio/common`, but using the
 * protobufjs copy that `@temporalio/proto` itself resolves: with a non-deduplicated install
 * (common and proto each with their own protobufjs 8) the SDK helpers fail with "type must be a Type".
 */
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type * as protoTypes from '@temporalio/proto';

type History = protoTypes.temporal.api.history.v1.IHistory;

const require = createRequire(import.meta.url);
const proto = require('@temporalio/proto') as typeof protoTypes;
const { patchProtobufRoot } = require('@temporalio/proto/lib/patch-protobuf-root') as { patchProtobufRoot<T>(root: T): T };
const requireFromProto = createRequire(require.resolve('@temporalio/proto'));
const protojson = requireFromProto('protobufjs/ext/protojson') as {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): unknown;
};
const historyType = (patchProtobufRoot(proto as unknown as Record<string, unknown>) as unknown as { lookupType(name: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);

export function historyToJson(history: History): string {
  return `${JSON.stringify(protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)), null, 1)}\n`;
}

export function historyFromJson(json: unknown): History {
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
}

/** Every `*.json` history in `dir`, with its file name as the workflow id for replay reports. */
export function loadHistories(dir: string): Array<{ workflowId: string; history: History }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: historyFromJson(JSON.parse(readFileSync(path.join(dir, f), 'utf8'))) }));
}
