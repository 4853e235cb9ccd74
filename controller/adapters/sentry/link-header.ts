// Sentry paginates with RFC 5988 Link headers that carry its own attributes:
//   <https://sentry.io/api/0/...&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"
// `results="false"` on rel="next" means there is no further page.

export interface PageLink {
  readonly cursor: string;
  readonly results: boolean;
}

export interface PageLinks {
  readonly next?: PageLink;
  readonly previous?: PageLink;
}

export function parseLinkHeader(header: string | undefined): PageLinks {
  if (!header) return {};
  const links: { next?: PageLink; previous?: PageLink } = {};
  for (const part of header.split(/,\s*(?=<)/)) {
    const attributes = new Map<string, string>();
    for (const match of part.matchAll(/;\s*([a-z]+)="([^"]*)"/g)) {
      attributes.set(match[1] ?? '', match[2] ?? '');
    }
    const rel = attributes.get('rel');
    const cursor = attributes.get('cursor') ?? cursorFromUrl(part);
    if ((rel === 'next' || rel === 'previous') && cursor) {
      links[rel] = { cursor, results: attributes.get('results') === 'true' };
    }
  }
  return links;
}

function cursorFromUrl(part: string): string | undefined {
  const url = /^\s*<([^>]*)>/.exec(part)?.[1];
  if (!url) return undefined;
  try {
    return new URL(url).searchParams.get('cursor') ?? undefined;
  } catch {
    return undefined;
  }
}
