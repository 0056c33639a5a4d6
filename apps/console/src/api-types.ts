// The JSON the console's API answers with: shared by the server (which builds it) and the client (which
// reads it). Types only, so the client bundle takes nothing from the server's modules.
import type { StatsRow } from '@invocations/archive';
import type { Invocation, Product, RunRequestInput } from '@invocations/core';

/** One source the console reads: a product in a region. */
export interface SourceInfo {
  product: Product;
  region: string;
  /** Whether the console lists it (eflo's API cannot list; its invocations open by id). */
  lists: boolean;
  /** Whether the page may run commands here: the source can run, and the console was started with runs allowed. */
  run: boolean;
  /** Whether the page may stop invocations here (SWAS has no StopInvocation). */
  stop: boolean;
}

/** `GET /api/meta`: what the console was started with. */
export interface MetaResponse {
  sources: SourceInfo[];
  /** Whether an archive was given (the History view and `/api/history`, `/api/stats`). */
  archive: boolean;
  /** Lines worth showing once, e.g. why a product is not listed. */
  notes: string[];
  /** The milliseconds between two refreshes while an invocation is active. */
  refreshMs: number;
}

/** A source that failed while the list was read: the others' rows are still in the answer. */
export interface SourceFailureInfo {
  product: Product;
  region: string;
  /** The error's message (secrets are removed by core's error classes). */
  message: string;
}

/** `GET /api/invocations`: the newest invocations of every listing source that match the filters. */
export interface ListResponse {
  invocations: Invocation[];
  failures: SourceFailureInfo[];
  /** True when `limit` was reached, so older matches exist. */
  limited: boolean;
  /** When the listing was read, ISO-8601. */
  fetchedAt: string;
}

/** `GET /api/invocations/:product/:region/:invokeId`: one invocation with its targets' output. */
export interface InvocationResponse {
  invocation: Invocation;
  /** The canonical meaning of each error code its targets carry. */
  errorMeanings: Record<string, string>;
  /** Why the console's archive could not keep what was read (present only then). */
  archiveError?: string;
}

/** `GET /api/history`: invocations from the archive, newest first. */
export interface HistoryResponse {
  invocations: Invocation[];
  /** Pass as `cursor` for the next page. */
  nextCursor?: string;
}

/** One group of `GET /api/stats`: the archive's own stats row, as JSON. */
export type StatsRowInfo = StatsRow;

/** `GET /api/stats`: failure rates per command (or target, product, day) from the archive. */
export interface StatsResponse {
  groupBy: string;
  rows: StatsRowInfo[];
}

/** `POST /api/run`'s body: where to run, and core's run request (command, type, targets, timeoutSeconds, name, ...). */
export interface RunBody {
  product: Product;
  region: string;
  request: RunRequestInput;
}

/** `POST /api/run`: the invocations the run started, and the targets a split run (SWAS) could not start on. */
export interface RunResponse {
  invokeId: string;
  split: boolean;
  invocations: { invokeId: string; targetIds: string[] }[];
  rejected: { targetId: string; message: string }[];
}

/** Every error the API answers with: a message, and the field that was wrong when one was. */
export interface ErrorResponse {
  error: { message: string; issues?: { path: string; message: string }[] };
}
