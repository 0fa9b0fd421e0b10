/**
 * Every property name of a JSON schema: for the Compose schema, the fields of compose-go's structs.
 * scripts/compile-schema.ts writes them into the precompiled validator, so that a load reads them
 * without parsing the schema (src/load/fieldnames.ts).
 */
export function propertyNames(schema: unknown): string[] {
  const names = new Set<string>();
  (function walk(n: unknown): void {
    if (typeof n !== 'object' || n === null) return;
    const entries: [string, unknown][] = Object.entries(n);
    for (const [k, v] of entries) {
      if (k === 'properties' && typeof v === 'object' && v !== null && !Array.isArray(v))
        for (const name of Object.keys(v)) names.add(name);
      walk(v);
    }
  })(schema);
  return [...names].sort();
}
