/** 1240.4 → "1,240" */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
