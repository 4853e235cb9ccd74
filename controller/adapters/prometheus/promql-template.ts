// Flagger's template variables in a custom PromQL check's query
// (docs.flagger.app, "Custom metrics": {{ namespace }}, {{ target }}, {{ interval }}).

/** `query` with each `{{ namespace }}`, `{{ target }}` and `{{ interval }}` (spaces optional) replaced by its value. */
export function renderTemplate(query: string, vars: { namespace: string; target: string; interval: string }): string {
  return query.replace(/\{\{\s*(namespace|target|interval)\s*\}\}/g, (_, name: keyof typeof vars) => vars[name]);
}
