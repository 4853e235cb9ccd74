// Parses the subset of Sentry's search syntax the stand-in answers:
//   key:value  key:"quoted \" value"  key:[a,b]  !key:value  free text

export interface SearchTerm {
  readonly key: string;
  readonly values: readonly string[];
  readonly negated: boolean;
}

function tokens(query: string): string[] {
  const out: string[] = [];
  let current = '';
  let inQuotes = false;
  let inList = false;
  for (let i = 0; i < query.length; i++) {
    const c = query[i] ?? '';
    if (inQuotes && c === '\\' && i + 1 < query.length) {
      current += c + (query[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') inQuotes = !inQuotes;
    if (!inQuotes && c === '[') inList = true;
    if (!inQuotes && c === ']') inList = false;
    if (!inQuotes && !inList && /\s/.test(c)) {
      if (current) out.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  if (current) out.push(current);
  return out;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}

export function parseSearch(query: string): SearchTerm[] {
  return tokens(query).map((token) => {
    const negated = token.startsWith('!');
    const body = negated ? token.slice(1) : token;
    const colon = body.indexOf(':');
    if (colon <= 0 || body.startsWith('"')) return { key: 'message', values: [unquote(body)], negated: false };
    const key = body.slice(0, colon);
    const raw = body.slice(colon + 1);
    const values = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1).split(',').map((v) => unquote(v.trim())) : [unquote(raw)];
    return { key, values, negated };
  });
}
