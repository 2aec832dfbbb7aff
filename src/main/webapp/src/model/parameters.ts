// Reading FHIR Parameters (operation outputs).

export type Param = fhir4.ParametersParameter;

export function params(parameters: { parameter?: Param[] } | undefined, name: string): Param[] {
  return parameters?.parameter?.filter((p) => p.name === name) ?? [];
}

export function param(parameters: { parameter?: Param[] } | undefined, name: string): Param | undefined {
  return parameters?.parameter?.find((p) => p.name === name);
}

export function parts(p: Param | undefined, name: string): Param[] {
  return p?.part?.filter((x) => x.name === name) ?? [];
}

export function part(p: Param | undefined, name: string): Param | undefined {
  return p?.part?.find((x) => x.name === name);
}

/** The value[x] of a parameter (or part), whatever its type. */
export function paramValue(p: Param | undefined): unknown {
  if (!p) return undefined;
  for (const [key, value] of Object.entries(p)) {
    if (key.startsWith("value")) return value;
  }
  return undefined;
}

export function numberValue(p: Param | undefined): number | undefined {
  const v = paramValue(p);
  if (typeof v === "number") return v;
  if (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

export function booleanValue(p: Param | undefined): boolean | undefined {
  const v = paramValue(p);
  return typeof v === "boolean" ? v : undefined;
}

export function stringValue(p: Param | undefined): string | undefined {
  const v = paramValue(p);
  return typeof v === "string" ? v : undefined;
}
