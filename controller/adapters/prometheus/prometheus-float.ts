// Prometheus writes every float of its API as a string (util/jsonutil/marshal.go, MarshalFloat:
// Go's strconv.AppendFloat with 'f', or 'e' below 1e-6 and from 1e21), which spells the special
// values "+Inf", "-Inf" and "NaN". It reads `le` labels with strconv.ParseFloat
// (promql/functions.go, histogram_quantile), which also takes the words inf/infinity/nan in any
// case, with an optional sign on the infinities. JavaScript's Number() reads none of those words
// ("+Inf" is NaN to it), so both go through here.

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INFINITY = /^([+-])?inf(inity)?$/i;
const NAN = /^nan$/i;

/** The number Prometheus meant by `text`: decimals, exponents, ±Inf and NaN; undefined when it is none. */
export function prometheusFloat(text: string): number | undefined {
  const infinite = INFINITY.exec(text);
  if (infinite) return infinite[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (NAN.test(text)) return Number.NaN;
  return DECIMAL.test(text) ? Number(text) : undefined;
}
