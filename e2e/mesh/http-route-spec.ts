// The parts of a Gateway API HTTPRoute (gateway.networking.k8s.io/v1) the
// mesh stand-in routes by, as stored (the CRD's defaults already applied by
// the apiserver, but optional here so tests may leave them out).
// https://gateway-api.sigs.k8s.io/reference/spec/#httproute

export interface ParentReference {
  readonly group?: string;
  readonly kind?: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface HttpPathMatch {
  readonly type?: 'Exact' | 'PathPrefix' | 'RegularExpression';
  readonly value?: string;
}

export interface HttpValueMatch {
  readonly type?: 'Exact' | 'RegularExpression';
  readonly name: string;
  readonly value: string;
}

export interface HttpRouteMatch {
  readonly path?: HttpPathMatch;
  readonly headers?: readonly HttpValueMatch[];
  readonly queryParams?: readonly HttpValueMatch[];
  readonly method?: string;
}

export interface HttpBackendRef {
  readonly group?: string;
  readonly kind?: string;
  readonly name: string;
  readonly namespace?: string;
  readonly port?: number;
  readonly weight?: number;
}

export interface HttpRouteRule {
  readonly matches?: readonly HttpRouteMatch[];
  readonly backendRefs?: readonly HttpBackendRef[];
}

export interface HttpRouteSpec {
  readonly parentRefs?: readonly ParentReference[];
  readonly hostnames?: readonly string[];
  readonly rules?: readonly HttpRouteRule[];
}
