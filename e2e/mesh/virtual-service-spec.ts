// The subset of Istio's `networking.istio.io/v1` VirtualService spec that the
// mesh stand-in understands. Field names follow the Istio API exactly, so a
// spec read from the cluster can be passed through unchanged.

/** Istio StringMatch: exactly one of exact, prefix, regex (RE2, full match). */
export interface StringMatch {
  readonly exact?: string;
  readonly prefix?: string;
  readonly regex?: string;
}

export interface HttpMatchRequest {
  readonly name?: string;
  readonly uri?: StringMatch;
  readonly method?: StringMatch;
  readonly authority?: StringMatch;
  readonly headers?: Readonly<Record<string, StringMatch>>;
  readonly withoutHeaders?: Readonly<Record<string, StringMatch>>;
  readonly queryParams?: Readonly<Record<string, StringMatch>>;
  readonly ignoreUriCase?: boolean;
  readonly port?: number;
  readonly sourceLabels?: Readonly<Record<string, string>>;
  readonly sourceNamespace?: string;
  readonly gateways?: readonly string[];
}

export interface PortSelector {
  readonly number?: number;
}

export interface Destination {
  readonly host: string;
  readonly subset?: string;
  readonly port?: PortSelector;
}

export interface HttpRouteDestination {
  readonly destination: Destination;
  readonly weight?: number;
}

export interface HttpDirectResponse {
  readonly status: number;
}

export interface HttpRoute {
  readonly name?: string;
  readonly match?: readonly HttpMatchRequest[];
  readonly route?: readonly HttpRouteDestination[];
  readonly directResponse?: HttpDirectResponse;
}

export interface VirtualServiceSpec {
  readonly hosts?: readonly string[];
  readonly gateways?: readonly string[];
  readonly http?: readonly HttpRoute[];
}
