/**
 * Named anomalies: how every parser reports bad input instead of throwing (Zeek's "weirds").
 * A parser receives an `AnomalySink` and calls it; the engine turns calls into AnomalyRecords.
 */
export type AnomalySink = (name: string, detail?: string) => void;

/** A sink that drops everything, for callers that do not care. */
export const ignoreAnomalies: AnomalySink = () => {};
